package io.github.cdcbundle.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConfigParsersTest {
    enum Mode { REWRITE, DROP_TOMBSTONES }

    @Test
    void enumOptionsAreCaseInsensitiveAndAcceptDashesForUnderscores() {
        assertThat(ConfigParsers.parseEnum(Mode.class, "mode", " Drop-Tombstones ")).isEqualTo(Mode.DROP_TOMBSTONES);
        assertThat(ConfigParsers.parseEnum(Mode.class, "mode", "drop_tombstones")).isEqualTo(Mode.DROP_TOMBSTONES);
        assertThat(ConfigParsers.external(Mode.DROP_TOMBSTONES)).isEqualTo("drop-tombstones");
    }

    @Test
    void aBadValueNamesTheOptionAndTheChoices() {
        assertThatThrownBy(() -> ConfigParsers.parseEnum(Mode.class, "mode", "keep"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value keep for configuration mode: must be one of rewrite, drop-tombstones");
        assertThatThrownBy(() -> ConfigParsers.parseEnum(Mode.class, "mode", null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value null for configuration mode: must be one of rewrite, drop-tombstones");
    }

    @Test
    void theValidatorRunsTheSameParserAndDescribesTheChoicesForTheDocs() {
        ConfigDef.Validator validator = ConfigParsers.enumValidator(Mode.class);
        validator.ensureValid("mode", "REWRITE");
        assertThatThrownBy(() -> validator.ensureValid("mode", "keep")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mode");
        assertThat(validator).hasToString("one of rewrite, drop-tombstones (case-insensitive)");
    }

    @Test
    void anyParserBecomesAValidatorThatKeepsItsMessageAndPrintsItsDescription() {
        ConfigDef.Validator nonEmpty = ConfigParsers.validator("non-empty string", (name, value) -> {
            if (value == null || value.toString().isEmpty()) {
                throw new ConfigException(name, value, "must not be empty");
            }
        });
        nonEmpty.ensureValid("field", "x");
        assertThatThrownBy(() -> nonEmpty.ensureValid("field", "")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value  for configuration field: must not be empty");
        assertThat(nonEmpty).hasToString("non-empty string");
    }
}
