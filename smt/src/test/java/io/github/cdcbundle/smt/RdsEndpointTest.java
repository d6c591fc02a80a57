package io.github.cdcbundle.smt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RdsEndpointTest {

    @ParameterizedTest
    @CsvSource({
        "mydb.c9akciq32.eu-west-1.rds.amazonaws.com,                 mydb,    eu-west-1,      INSTANCE",
        "MyDB.C9AKCIQ32.EU-WEST-1.RDS.AMAZONAWS.COM:5432,            mydb,    eu-west-1,      INSTANCE",
        "orders.cluster-c9akciq32.us-east-2.rds.amazonaws.com,       orders,  us-east-2,      CLUSTER_WRITER",
        "orders.cluster-ro-c9akciq32.us-east-2.rds.amazonaws.com,    orders,  us-east-2,      CLUSTER_READER",
        "bi.cluster-custom-c9akciq32.ap-southeast-2.rds.amazonaws.com, bi,    ap-southeast-2, CLUSTER_CUSTOM",
        "gate.proxy-c9akciq32.eu-central-1.rds.amazonaws.com,        gate,    eu-central-1,   PROXY",
        "ro.endpoint.proxy-c9akciq32.eu-central-1.rds.amazonaws.com, ro,      eu-central-1,   PROXY_ENDPOINT",
        "mydb.c9akciq32.rds.cn-north-1.amazonaws.com.cn,             mydb,    cn-north-1,     INSTANCE",
        "mydb.c9akciq32.cn-northwest-1.rds.amazonaws.com.cn,         mydb,    cn-northwest-1, INSTANCE",
        "legacy.c9akciq32.us-gov-west-1.rds.amazonaws.com.,          legacy,  us-gov-west-1,  INSTANCE",
    })
    void parsesRdsHostNames(String host, String id, String region, RdsEndpoint.Type type) {
        RdsEndpoint endpoint = RdsEndpoint.parse(host).orElseThrow();
        assertThat(endpoint.identifier()).isEqualTo(id);
        assertThat(endpoint.region()).isEqualTo(region);
        assertThat(endpoint.type()).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "db.internal.example.com", "mydb.eu-west-1.rds.amazonaws.com",
        "a.b.c.eu-west-1.rds.amazonaws.com", "mydb.hash.eu-west.rds.amazonaws.com", ""})
    void rejectsOtherHosts(String host) {
        assertThat(RdsEndpoint.parse(host)).isEmpty();
    }
}
