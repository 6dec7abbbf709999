-- The volume documentation's LOAD and UNLOAD examples ("Data Import and Export between External Volume Files and
-- Internal Tables"), in order, over CSV files a caller puts under ${PROXIMA_HOME}/volumes/volume_external/:
--   bin/proxima-ce sql -f examples/volume-load-unload.sql
-- What differs from the document, each marked "changed:" below:
--   * the volumes are local folders under the home, created first (the document's point to OSS);
--   * <project_name> is the current project, default;
--   * every table here has a partition column, so the table gets PARTITIONED BY (pt STRING), and LOAD and UNLOAD
--     name partition (pt='1');
--   * INT columns are BIGINT (the column types here are STRING, BIGINT and DOUBLE).
--   * the external table is as the document writes it, without partitions: it reads the CSV files directly under
--     its location (${PROXIMA_HOME}/volumes/demo_volume3/).

-- changed: local volumes instead of OSS ones
vfs -create volume_external -storage_provider local -url file://${PROXIMA_HOME}/volumes/volume_external -acd true;
vfs -create volume_external_unload -storage_provider local -url file://${PROXIMA_HOME}/volumes/volume_external_unload -acd true;

-- Create the sink table ambulance_data_csv_load
-- changed: BIGINT for INT, and PARTITIONED BY (pt STRING)
create table ambulance_data_csv_load (
vehicleId BIGINT,
recordId BIGINT,
patientId BIGINT,
calls BIGINT,
locationLatitute DOUBLE,
locationLongtitue DOUBLE,
recordTime STRING,
direction STRING)
partitioned by (pt STRING);

-- Run the load command
-- changed: partition (pt='1'), and the project default
load overwrite table ambulance_data_csv_load partition (pt='1')
from
location 'odps://default/volume_external/'
stored by 'com.aliyun.odps.CsvStorageHandler'
with serdeproperties (
'odps.properties.rolearn'='acs:ram::xxxxx:role/aliyunodpsdefaultrole',
'odps.text.option.delimiter'=','
);
-- Query
SELECT * from ambulance_data_csv_load;

-- Control the number of exported files: Set the size of MaxCompute table data that a single worker can read, in MB.
set odps.stage.mapper.split.size=256;
-- Export data.
-- changed: where pt='1', and the project default
unload from
(select * from ambulance_data_csv_load where pt='1')
into
location 'odps://default/volume_external_unload'
stored by 'com.aliyun.odps.CsvStorageHandler'
with serdeproperties ('odps.text.option.delimiter'=',');

-- This is equivalent to the following statements.
set odps.stage.mapper.split.size=256;
-- changed: partition (pt='1'), and the project default
unload from ambulance_data_csv_load partition (pt='1')
into
location 'odps://default/volume_external_unload'
stored by 'com.aliyun.odps.CsvStorageHandler'
with serdeproperties (
'odps.properties.rolearn'='acs:ram::139xxx:role/aliyunodpsdefaultrole',
'odps.text.option.delimiter'=',');

-- Create an external table from an External Volume file
-- changed: a local volume instead of an OSS one
vfs -create demo_volume3 -storage_provider local -url file://${PROXIMA_HOME}/volumes/demo_volume3 -acd true;
-- changed: the project default
create external table ext_tbl_onvolume
(
col1 string,
col2 string,
col3 string
)
stored by 'com.aliyun.odps.CsvStorageHandler'
with serdeproperties (
'odps.properties.rolearn'='acs:ram::1248xxx:role/aliyunodpsdefaultrole'
)
location 'odps://default/demo_volume3/';
-- Query the external table
SELECT * from ext_tbl_onvolume;
