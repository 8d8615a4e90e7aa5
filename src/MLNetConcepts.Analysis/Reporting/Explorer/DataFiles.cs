using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MLNetConcepts.Reporting.Explorer;

/// <summary>
/// The explorer's data files: each one JavaScript statement, <c>MLNC.put("key", {...});</c>, that the page loads with a
/// <c>&lt;script&gt;</c> tag (a browser reads those from <c>file://</c>, unlike <c>fetch</c>). Counts what it wrote.
/// </summary>
internal sealed class DataFiles(string folder)
{
    // Words stay readable UTF-8 (Arabic, accents): the files are scripts of a UTF-8 page, never inlined in HTML.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public int Count { get; private set; }

    public long Bytes { get; private set; }

    public long Largest { get; private set; }

    /// <summary>Writes <c>data/&lt;stem&gt;.js</c> and returns its path relative to the page.</summary>
    public string Write(string key, string stem, object value)
    {
        string text = $"MLNC.put({JsonSerializer.Serialize(key, Json)}, {JsonSerializer.Serialize(value, Json)});\n";
        byte[] bytes = new UTF8Encoding(false).GetBytes(text);
        File.WriteAllBytes(Path.Combine(folder, stem + ".js"), bytes);
        Count++;
        Bytes += bytes.Length;
        Largest = Math.Max(Largest, bytes.Length);
        return $"data/{stem}.js";
    }
}
