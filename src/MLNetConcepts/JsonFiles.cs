using System.Text.Json;

namespace MLNetConcepts;

/// <summary>
/// Reading the tool's JSON files (model.json, run descriptions, run.json) with errors a user can act on: the file,
/// the line and the field, in one line.
/// </summary>
internal static class JsonFiles
{
    /// <summary>Deserializes <paramref name="path"/>; bad JSON throws "<c>path: line N: field 'a.b': reason</c>".</summary>
    /// <param name="problem">Put before the reason, e.g. "malformed JSON: "; empty for none.</param>
    /// <param name="path">The JSON file to read; named in the error message.</param>
    /// <param name="options">Serializer options (casing, whether unknown fields are rejected).</param>
    public static T? Read<T>(string path, JsonSerializerOptions options, string problem = "")
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options);
        }
        catch (JsonException e)
        {
            throw new MLNetConceptsException($"{path}:{Where(e)} {problem}{Reason(e)}", e);
        }
    }

    /// <summary>" line N: field 'a.b':" for what the exception knows of the place (1-based line).</summary>
    public static string Where(JsonException e)
    {
        string line = e.LineNumber is long n ? $" line {n + 1}:" : "";
        string field = string.IsNullOrEmpty(e.Path) ? "" : $" field '{e.Path.TrimStart('$', '.')}':";
        return line + field;
    }

    /// <summary>
    /// "unknown field" where the options reject unmapped members, "expected a whole number" (and so on) for a value of
    /// the wrong type, otherwise the exception's first sentence.
    /// </summary>
    public static string Reason(JsonException e)
    {
        string message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal)) return "unknown field";
        if (message.Contains("Duplicate property", StringComparison.Ordinal)) return "appears twice; give each field once";
        const string Conversion = "could not be converted to ";
        int at = message.IndexOf(Conversion, StringComparison.Ordinal);
        if (at >= 0)
        {
            string type = message[(at + Conversion.Length)..].Split(". Path:")[0];
            string? expected =
                type.Contains("[]") || type.Contains("List") ? "a list"
                : type.Contains("Int32") || type.Contains("Int64") ? "a whole number"
                : type.Contains("Double") || type.Contains("Single") ? "a number"
                : type.Contains("Boolean") ? "true or false"
                : type.Contains("String") ? "text"
                : null;
            if (expected is not null) return $"expected {expected}";
        }
        return message.Split(". Path:")[0].TrimEnd('.');
    }
}
