-- The Proxima CE walkthrough of the volume documentation, statement for statement:
--   bin/proxima-ce sql -f examples/proxima-ce-walkthrough.sql
-- Two changes, both said here: the external volume is a local folder under the home (${PROXIMA_HOME} is the
-- home's folder) instead of an OSS bucket, and the runner asks for -topk 3, since the document's expected
-- output shows three neighbours per query (with -topk 1 it would show one).
-- Run it in a fresh home (--home DIR or $PROXIMA_HOME): the CREATE TABLE statements fail on existing tables.

-- Quick start, step 2: create an external volume
vfs -create shanghai_vol_ceshi
-storage_provider local
-url file://${PROXIMA_HOME}/volumes/shanghai_vol_ceshi
-acd true
;

-- Quick start, step 3: verify the volume
vfs -ls /;

-- Run a Proxima CE vectorization task, step 2: prepare input data.
-- Create a base table and a query table
CREATE TABLE doc_table_float_smoke(pk STRING, vector STRING) PARTITIONED BY (pt STRING);
CREATE TABLE query_table_float_smoke(pk STRING, vector STRING) PARTITIONED BY (pt STRING);
-- Insert data into the base table
ALTER TABLE doc_table_float_smoke ADD PARTITION(pt='20230116');
INSERT OVERWRITE TABLE doc_table_float_smoke PARTITION (pt='20230116') VALUES
('1.nid','1~1~1~1~1~1~1~1'),
('2.nid','2~2~2~2~2~2~2~2'),
('3.nid','3~3~3~3~3~3~3~3'),
('4.nid','4~4~4~4~4~4~4~4'),
('5.nid','5~5~5~5~5~5~5~5'),
('6.nid','6~6~6~6~6~6~6~6'),
('7.nid','7~7~7~7~7~7~7~7'),
('8.nid','8~8~8~8~8~8~8~8'),
('9.nid','9~9~9~9~9~9~9~9'),
('10.nid','10~10~10~10~10~10~10~10');
-- Insert data into the query table
ALTER TABLE query_table_float_smoke ADD PARTITION(pt='20230116');
INSERT OVERWRITE TABLE query_table_float_smoke PARTITION (pt='20230116') VALUES
('q1.nid','1~1~1~1~2~2~2~2'),
('q2.nid','4~4~4~4~3~3~3~3'),
('q3.nid','9~9~9~9~5~5~5~5');

-- Step 3: submit the Proxima CE task (-topk 3, see above)
jar -libjars proxima-ce-aliyun-1.0.0.jar
-classpath proxima-ce-aliyun-1.0.0.jar com.alibaba.proxima2.ce.ProximaCERunner
-doc_table doc_table_float_smoke
-doc_table_partition 20230116
-query_table query_table_float_smoke
-query_table_partition 20230116
-output_table output_table_float_smoke
-output_table_partition 20230116
-data_type float
-dimension 8
-topk 3
-job_mode train:build:seek:recall
-external_volume shanghai_vol_ceshi
-owner_id 1248953xxx
;

-- Step 4: verify the results
SELECT * FROM output_table_float_smoke WHERE pt='20230116';
