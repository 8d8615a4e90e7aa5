using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Interop;

namespace MLNetConcepts.Cli.Commands;

/// <summary>
/// <c>cluster</c>'s options for NeuroX activations: when <c>--activations</c> names NeuroX <c>.json</c> or <c>.hdf5</c> files
/// (comma-separated), they are read into a hidden activations folder beside <c>--out</c>, clustered as usual,
/// and the folder is removed.
/// </summary>
public sealed class NeuroxInputOptions
{
    /// <summary>The flag of each <see cref="NeuroxSource"/> property these options set, for the library's errors.</summary>
    public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(NeuroxSource.Language)] = "--language",
        [nameof(NeuroxSource.Layers)] = "--neurox-layers",
    };

    /// <summary><c>--language</c>: the language of each NeuroX file (one code, or one per file).</summary>
    public Option<string?> Language { get; } = new("--language") { Description = "NeuroX input: the language of each .json/.hdf5 file (one code, or one per file)." };

    /// <summary><c>--text</c>: the sentence file(s) NeuroX read; without it the words are NeuroX's joined sub-word tokens.</summary>
    public Option<string?> Text { get; } = new("--text") { Description = "NeuroX input: the sentence file(s) NeuroX read, to take the words from (default: NeuroX's joined sub-word tokens)." };

    /// <summary><c>--neurox-layers</c>: the model layer of each layer a file holds.</summary>
    public Option<string?> Layers { get; } = new("--neurox-layers") { Description = "NeuroX input: model layer of each layer a file holds, e.g. 0,6,12 for --filter_layers 0,6,12 (default: <name>-layer<L>.json is L, else 0,1,...)." };

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Language);
        command.Options.Add(Text);
        command.Options.Add(Layers);
    }

    /// <summary>Whether <paramref name="activations"/> names NeuroX files rather than an activations folder.</summary>
    public static bool IsNeurox(string activations) =>
        activations.Split(',').All(f => NeuroxActivations.IsNeuroxFile(f.Trim()));

    /// <summary>
    /// Reads the NeuroX files into a new hidden folder beside <paramref name="output"/> and returns it; the caller
    /// deletes it. Without NeuroX files, a NeuroX option is an error (it would be silently ignored).
    /// </summary>
    public async Task<string?> ImportAsync(ParseResult parsed, string activations, string component, string output, TextWriter progress,
        CancellationToken cancellationToken)
    {
        string? languageText = parsed.GetValue(Language), textText = parsed.GetValue(Text), layerText = parsed.GetValue(Layers);
        if (!IsNeurox(activations))
        {
            string? stray = languageText is not null ? "--language" : textText is not null ? "--text" : layerText is not null ? "--neurox-layers" : null;
            if (stray is not null)
                throw new MLNetConceptsException($"option {stray}: only for NeuroX .json or .hdf5 activations; {activations} is an activations folder");
            return null;
        }
        string[] files = activations.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (languageText is null) throw new MLNetConceptsException("option --language: NeuroX activations name no language; give one code, or one per file");
        string[] languages = PerFile("--language", CommonOptions.ParseList("--language", languageText), files.Length);
        string?[] texts = textText is null ? new string?[files.Length] : PerFile("--text", CommonOptions.ParseList("--text", textText), files.Length);
        IReadOnlyList<int>? layers = layerText is null ? null : CommonOptions.ParseIntList("--neurox-layers", layerText);

        string full = Path.GetFullPath(output);
        string folder = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.neurox-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            for (int i = 0; i < files.Length; i++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                NeuroxImportResult r = await NeuroxActivations.ImportAsync(new NeuroxSource
                {
                    File = files[i], Language = languages[i], TextFile = texts[i], Component = component, Layers = layers,
                }, folder, cancellationToken).ConfigureAwait(false);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"neurox: {files[i]}: {r.Language}, layers {string.Join(",", r.Layers)}, {r.Sentences} sentences, {r.Words} words of {r.Dimension} values" +
                    $"{(r.DroppedWords > 0 ? $", {r.DroppedWords} dropped by the tokenizer" : "")}{(r.TruncatedWords > 0 ? $", {r.TruncatedWords} truncated" : "")}, {clock.Elapsed.TotalSeconds:F1} s"));
            }
        }
        catch (Exception e)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            if (e is ArgumentException { ParamName: { } property } bad && Flags.TryGetValue(property, out string? flag))
                throw new MLNetConceptsException($"option {flag}: {OptionErrors.Problem(bad)}", bad);
            throw;
        }
        return folder;
    }

    /// <summary>An error about the hidden folder, told in terms of the NeuroX files the user gave.</summary>
    public static MLNetConceptsException Rename(MLNetConceptsException e, string folder, string activations) =>
        new(e.Message.Replace(folder, $"NeuroX activations {activations} ->", StringComparison.Ordinal), e);

    private static T[] PerFile<T>(string option, IReadOnlyList<T> values, int files)
    {
        if (values.Count == files) return values.ToArray();
        if (values.Count == 1) return Enumerable.Repeat(values[0], files).ToArray();
        throw new MLNetConceptsException($"option {option}: {values.Count} values for {files} NeuroX files; give one, or one per file");
    }
}
