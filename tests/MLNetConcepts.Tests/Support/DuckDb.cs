using System.Diagnostics;
using System.Text.Json;

namespace MLNetConcepts.Tests.Support;

/// <summary>
/// Queries files with DuckDB (npm <c>@duckdb/node-api</c> under <c>tests/tools</c>), a Parquet reader independent
/// of the library. Tests that use it skip when Node.js or the package is not installed (<c>.ci/run</c> installs it).
/// </summary>
public static class DuckDb
{
    public static string ToolsFolder => Path.Combine(RepoPaths.Root, "tests", "tools");

    public static bool IsAvailable =>
        Directory.Exists(Path.Combine(ToolsFolder, "node_modules", "@duckdb", "node-api")) && FindNode() is not null;

    public static void SkipIfUnavailable()
    {
        if (!IsAvailable)
            Assert.Skip("DuckDB for Node.js is not installed (cd tests/tools && npm ci)");
    }

    /// <summary>Runs a query and returns its rows as JSON objects.</summary>
    public static List<JsonElement> Query(string sql)
    {
        var start = new ProcessStartInfo(FindNode()!)
        {
            WorkingDirectory = ToolsFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("duckdb-query.mjs");
        start.ArgumentList.Add(sql);
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"duckdb query failed: {error}");
        return JsonSerializer.Deserialize<List<JsonElement>>(output)!;
    }

    /// <summary>Quotes a path for a DuckDB string literal.</summary>
    public static string Literal(string path) => "'" + path.Replace("'", "''") + "'";

    private static string? FindNode()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            string candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
