package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretReferenceTest {
    private static final String SYNTAX = "expected KEY, NAME:KEY or NAMESPACE/NAME:KEY, where NAMESPACE is a DNS-1123 "
            + "label, NAME a DNS-1123 subdomain and KEY a non-empty run of letters, digits, '-', '_' and '.' other "
            + "than '.' and '..'";

    @Test
    void keyAloneLooksInTheDefaultSources() {
        SecretReference ref = SecretReference.parse("", "AWS_RDS_PASSWORD");
        assertThat(ref.isDefault()).isTrue();
        assertThat(ref.name()).isNull();
        assertThat(ref.namespace()).isNull();
        assertThat(ref.key()).isEqualTo("AWS_RDS_PASSWORD");
        assertThat(ref).hasToString("AWS_RDS_PASSWORD");
    }

    @Test
    void nameAndKeyReadASecretOfTheWorkersNamespace() {
        SecretReference ref = SecretReference.parse("rds-credentials", "password");
        assertThat(ref.isDefault()).isFalse();
        assertThat(ref.namespace()).isNull();
        assertThat(ref.name()).isEqualTo("rds-credentials");
        assertThat(ref.key()).isEqualTo("password");
        assertThat(ref).hasToString("rds-credentials:password");
    }

    @Test
    void namespaceNameAndKeyReadASecretElsewhere() {
        SecretReference ref = SecretReference.parse("shared/db.creds", "user.name");
        assertThat(ref.namespace()).isEqualTo("shared");
        assertThat(ref.name()).isEqualTo("db.creds");
        assertThat(ref.key()).isEqualTo("user.name");
        assertThat(ref).hasToString("shared/db.creds:user.name");
    }

    @Test
    void nullPathIsTheDefaultForm() {
        assertThat(SecretReference.parse(null, "K").isDefault()).isTrue();
    }

    @ParameterizedTest(name = "path [{0}] key [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "''|''|''",
        "''|NULL|''",
        "''|a b|a b",
        "''|.|.",
        "''|..|..",
        "''|a/b|a/b",
        "a|b:c|a:b:c",
        "Upper|key|Upper:key",
        "-bad|key|-bad:key",
        "bad-|key|bad-:key",
        "name_x|key|name_x:key",
        "ns/|key|ns/:key",
        "/name|key|/name:key",
        "a/b/c|key|a/b/c:key",
        "NS/name|key|NS/name:key",
        "ns.dot/name|key|ns.dot/name:key",
        "ns/name|''|ns/name:",
        "ns/name|k$|ns/name:k$",
    })
    void everyOtherShapeFailsWithTheOneMessage(String path, String key, String shown) {
        assertThatThrownBy(() -> SecretReference.parse(path, key))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid secret reference '" + shown + "': " + SYNTAX);
    }

    @Test
    void namesLongerThanKubernetesAllowsAreRejected() {
        String longName = "a".repeat(254);
        assertThatThrownBy(() -> SecretReference.parse(longName, "k"))
                .hasMessage("Invalid secret reference '" + longName + ":k': " + SYNTAX);
        String longNamespace = "a".repeat(64);
        assertThatThrownBy(() -> SecretReference.parse(longNamespace + "/n", "k"))
                .hasMessage("Invalid secret reference '" + longNamespace + "/n:k': " + SYNTAX);
        assertThat(SecretReference.parse("a".repeat(63) + "/" + "b".repeat(253), "k").name()).hasSize(253);
    }

    @Test
    void theConstructorChecksWhatParseChecks() {
        assertThat(new SecretReference("shared", "db.creds", "user.name"))
                .isEqualTo(SecretReference.parse("shared/db.creds", "user.name"));
        assertThatThrownBy(() -> new SecretReference("shared", null, "k"))
                .hasMessage("Invalid secret reference 'k': " + SYNTAX);
        assertThatThrownBy(() -> new SecretReference("NS", "name", "k"))
                .hasMessage("Invalid secret reference 'NS/name:k': " + SYNTAX);
        assertThatThrownBy(() -> new SecretReference(null, "name", ".."))
                .hasMessage("Invalid secret reference 'name:..': " + SYNTAX);
    }
}
