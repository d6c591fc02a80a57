-- shop.public.wide (primary key id)
CREATE EXTERNAL TABLE IF NOT EXISTS `cdc`.`public_wide_json` (
  `id` bigint,
  `c01` smallint,
  `c02` int,
  `c03` bigint,
  `c04` decimal(12,2),
  `c05` decimal(30,4),
  `c06` decimal(38,2),
  `c07` string,
  `c08` float,
  `c09` double,
  `c10` boolean,
  `c11` string,
  `c12` string,
  `c13` date,
  `c14` date,
  `c15` string,
  `c16` string,
  `c17` string,
  `c18` string,
  `c19` string,
  `c20` string,
  `c21` string,
  `c22` string,
  `c23` array<int>,
  `c24` map<string,string>,
  `c25` bigint,
  `__deleted` boolean,
  `__op` string,
  `__lsn` bigint,
  `__commit_ts_ms` bigint
)
PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://my-lake/cdc/shop.public.wide/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.year.type' = 'integer',
  'projection.year.range' = '2026,2035',
  'projection.year.digits' = '4',
  'projection.month.type' = 'integer',
  'projection.month.range' = '1,12',
  'projection.month.digits' = '2',
  'projection.day.type' = 'integer',
  'projection.day.range' = '1,31',
  'projection.day.digits' = '2',
  'projection.hour.type' = 'integer',
  'projection.hour.range' = '0,23',
  'projection.hour.digits' = '2',
  'storage.location.template' = 's3://my-lake/cdc/shop.public.wide/year=${year}/month=${month}/day=${day}/hour=${hour}/'
);

CREATE EXTERNAL TABLE IF NOT EXISTS `cdc`.`public_wide_parquet` (
  `id` bigint,
  `c01` smallint,
  `c02` int,
  `c03` bigint,
  `c04` decimal(12,2),
  `c05` decimal(30,4),
  `c06` decimal(38,2),
  `c07` string,
  `c08` float,
  `c09` double,
  `c10` boolean,
  `c11` string,
  `c12` binary,
  `c13` date,
  `c14` date,
  `c15` timestamp,
  `c16` timestamp,
  `c17` timestamp,
  `c18` timestamp,
  `c19` int,
  `c20` bigint,
  `c21` bigint,
  `c22` string,
  `c23` array<int>,
  `c24` map<string,string>,
  `c25` bigint,
  `__deleted` boolean,
  `__op` string,
  `__lsn` bigint,
  `__commit_ts_ms` timestamp
)
PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)
STORED AS PARQUET
LOCATION 's3://my-lake/cdc/shop.public.wide/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.year.type' = 'integer',
  'projection.year.range' = '2026,2035',
  'projection.year.digits' = '4',
  'projection.month.type' = 'integer',
  'projection.month.range' = '1,12',
  'projection.month.digits' = '2',
  'projection.day.type' = 'integer',
  'projection.day.range' = '1,31',
  'projection.day.digits' = '2',
  'projection.hour.type' = 'integer',
  'projection.hour.range' = '0,23',
  'projection.hour.digits' = '2',
  'storage.location.template' = 's3://my-lake/cdc/shop.public.wide/year=${year}/month=${month}/day=${day}/hour=${hour}/'
);

CREATE OR REPLACE VIEW "cdc"."public_wide_current" AS
SELECT "id", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10", "c11", "c12", "c13", "c14", "c15", "c16", "c17", "c18", "c19", "c20", "c21", "c22", "c23", "c24", "c25"
FROM (
  SELECT *, row_number() OVER (
    PARTITION BY "id"
    ORDER BY CASE WHEN "__op" = 'r' THEN 0 ELSE 1 END DESC,
      "__lsn" DESC NULLS FIRST, "__commit_ts_ms" DESC) AS "__newest"
  FROM "cdc"."public_wide_parquet"
) AS changes
WHERE "__newest" = 1 AND "__op" <> 'd';

CREATE OR REPLACE VIEW "cdc"."public_wide_current" AS
SELECT "id", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10", "c11", "c12", "c13", "c14", "c15", "c16", "c17", "c18", "c19", "c20", "c21", "c22", "c23", "c24", "c25"
FROM (
  SELECT *, row_number() OVER (
    PARTITION BY "id"
    ORDER BY CASE WHEN "__op" = 'r' THEN 0 ELSE 1 END DESC,
      "__lsn" DESC NULLS FIRST, "__commit_ts_ms" DESC) AS "__newest"
  FROM "cdc"."public_wide_json"
) AS changes
WHERE "__newest" = 1 AND "__op" <> 'd';

-- shop.public.wide (primary key id)
CREATE OR REPLACE VIEW "public_wide_current" AS
SELECT "id", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10", "c11", "c12", "c13", "c14", "c15", "c16", "c17", "c18", "c19", "c20", "c21", "c22", "c23", "c24", "c25"
FROM (
  SELECT *, row_number() OVER (
    PARTITION BY "id"
    ORDER BY CASE WHEN "__op" = 'r' THEN 0 ELSE 1 END DESC,
      "__lsn" DESC NULLS FIRST, "__commit_ts_ms" DESC) AS "__newest"
  FROM read_parquet('/data/lake/cdc/shop.public.wide/*/*/*/*/*.parquet', hive_partitioning = false, union_by_name = true)
) AS changes
WHERE "__newest" = 1 AND "__op" <> 'd';

-- shop.public.wide (primary key id)
CREATE OR REPLACE VIEW "public_wide_current" AS
SELECT "id", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10", "c11", "c12", "c13", "c14", "c15", "c16", "c17", "c18", "c19", "c20", "c21", "c22", "c23", "c24", "c25"
FROM (
  SELECT *, row_number() OVER (
    PARTITION BY "id"
    ORDER BY CASE WHEN "__op" = 'r' THEN 0 ELSE 1 END DESC,
      "__lsn" DESC NULLS FIRST, "__commit_ts_ms" DESC) AS "__newest"
  FROM read_json('/data/lake/cdc/shop.public.wide/*/*/*/*/*.json*', format = 'newline_delimited', hive_partitioning = false, columns = {'id': 'BIGINT', 'c01': 'SMALLINT', 'c02': 'INTEGER', 'c03': 'BIGINT', 'c04': 'DECIMAL(12,2)', 'c05': 'DECIMAL(30,4)', 'c06': 'DECIMAL(38,2)', 'c07': 'VARCHAR', 'c08': 'FLOAT', 'c09': 'DOUBLE', 'c10': 'BOOLEAN', 'c11': 'VARCHAR', 'c12': 'VARCHAR', 'c13': 'DATE', 'c14': 'DATE', 'c15': 'VARCHAR', 'c16': 'VARCHAR', 'c17': 'VARCHAR', 'c18': 'VARCHAR', 'c19': 'VARCHAR', 'c20': 'VARCHAR', 'c21': 'VARCHAR', 'c22': 'VARCHAR', 'c23': 'INTEGER[]', 'c24': 'MAP(VARCHAR, VARCHAR)', 'c25': 'BIGINT', '__deleted': 'BOOLEAN', '__op': 'VARCHAR', '__lsn': 'BIGINT', '__commit_ts_ms': 'BIGINT'})
) AS changes
WHERE "__newest" = 1 AND "__op" <> 'd';

