// Runs one SQL query with DuckDB and prints the rows as JSON, so the C# tests can check Parquet files
// with a reader that shares no code with the library. Usage: node duckdb-query.mjs "SELECT ..."
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv[2];
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRowObjectsJson();
process.stdout.write(JSON.stringify(rows));
