using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Models;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Execution;

// Extraction stages: the frequency filter decided from the text, then each extraction pass (and shard) of a model over a corpus.
public sealed partial class Analysis
{
    /// <summary>One extraction: the encoder over a language, and for t5 the decoder over a target language too.</summary>
    private sealed record ExtractionPass(string Source, string? Target, ExtractionComponents Components)
    {
        public string Name => Target is null ? $"language={Source}" : $"source={Source} target={Target}";
    }

    /// <summary>
    /// Encoders: each language once. t5: the decoder of each language is taught by one source language (the
    /// corpus's first, or its second for the first language itself), since decoder vectors depend on the source; the
    /// first two passes give both languages' encoder vectors too, and any further language gets an encoder-only pass.
    /// </summary>
    private static IEnumerable<ExtractionPass> Passes(ModelFolder model, string[] languages)
    {
        if (model.Decoder is null)
        {
            foreach (string language in languages) yield return new ExtractionPass(language, null, ExtractionComponents.Encoder);
            yield break;
        }
        yield return new ExtractionPass(languages[0], languages[1], ExtractionComponents.Both);
        yield return new ExtractionPass(languages[1], languages[0], ExtractionComponents.Both);
        foreach (string language in languages.Skip(2))
        {
            yield return new ExtractionPass(languages[0], language, ExtractionComponents.Decoder);
            yield return new ExtractionPass(language, null, ExtractionComponents.Encoder);
        }
    }

    /// <summary>The frequency filter's choice for a model and corpus, made before extraction: its stage, fingerprint and files.</summary>
    private sealed record KeptSelection(string Stage, string Fingerprint, string Table, string Statistics);

    /// <summary>
    /// The frequency filter decided from the text (tokenized as extraction plans it, every language at once, as the
    /// clustering stages filter), so that extraction runs only sentences with a kept occurrence and stores only kept
    /// vectors. The clustering stages filter those again and keep them all: the same concepts as from every vector.
    /// </summary>
    private async Task<KeptSelection> SelectAsync(ModelFolder model, PreparedCorpus corpus, RunPart where, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        string fingerprint = StageRunner.Fingerprint(["select", _stages.HashFolder(model.Folder),
            string.Join("|", corpus.Languages.Select(l => l + ":" + _stages.HashFile(corpus.Files[l]))), .. Options(MethodStage.Select)]);
        string table = RunLayout.Kept(where.Model, where.Corpus), statistics = RunLayout.KeptStatistics(where.Model, where.Corpus);
        await _stages.RunAsync($"select {where}", fingerprint, [table, statistics], corpus.Languages.Length, "languages",
            new StageGraph("select", corpus.Reading, new StageWork(Vectors: corpus.Sizes?.WordsTotal ?? 0)), async progress =>
            {
                var words = new List<WordOccurrence>();
                foreach (string language in corpus.Languages)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach ((long sentence, int index, string word) in ExtractionJob.PlannedWords(model, corpus.Files[language]))
                        words.Add(new WordOccurrence(language, sentence, index, word));
                    progress.Report(words.Count);
                }
                Directory.CreateDirectory(Path.Combine(Folder, RunLayout.Part(where.Model, where.Corpus)));
                FrequencyFilterStatistics f = await KeptOccurrences.WriteAsync(words, o.ToFrequencyFilterOptions(), Path.Combine(Folder, table),
                    Path.Combine(Folder, statistics), cancellationToken).ConfigureAwait(false);
                return (JsonSerializer.SerializeToNode(f, ExtractionJob.ReportJson),
                    $"{f.KeptOccurrences} of {f.WordsSeen} occurrences kept ({f.KeptTypes} types): only their vectors are extracted");
            }).ConfigureAwait(false);
        return new KeptSelection(_stages.LastStage, fingerprint, table, statistics);
    }

    /// <summary>
    /// The sentence ranges each extraction pass is split into (<see cref="RunDescription.ShardSentences"/>): whole sort
    /// windows, so that each shard's rows come in the order one extraction of the whole file writes them and the
    /// concepts do not depend on the sharding.
    /// </summary>
    private IReadOnlyList<SentenceRange> Shards(long lines)
    {
        if (_description.ShardSentences <= 0) return [SentenceRange.All];
        var defaults = new ExtractionOptions { BatchSize = Settings.BatchSize };
        long window = (long)defaults.BatchSize * defaults.SortWindowBatches;
        long size = (_description.ShardSentences + window - 1) / window * window;
        return SentenceRange.Shards(lines, size);
    }

    private async Task<string> ExtractAsync(ModelFolder model, PreparedCorpus corpus, ExtractionPass pass, SentenceRange shard, KeptSelection? kept,
        RunPart where, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        // The encoder's vectors are only the kept words' (t5 decoders still store every word).
        bool keptOnly = kept is not null && pass.Components != ExtractionComponents.Decoder;
        string[] shardParts = [.. shard.IsAll ? [] : new[] { "sentences=" + shard.FileTag }, .. keptOnly ? new[] { "kept=" + kept!.Fingerprint } : []];
        string fingerprint = StageRunner.Fingerprint(["extract", _stages.HashFolder(model.Folder), _stages.HashFile(corpus.Files[pass.Source]), pass.Source,
            pass.Target is null ? "" : pass.Target + ":" + _stages.HashFile(corpus.Files[pass.Target]), pass.Components.ToString(),
            _description.Layers is null ? "all" : string.Join(",", _description.Layers), .. Options(MethodStage.Extract), .. shardParts]);
        var outputs = new List<string> { RunLayout.ExtractionReport(where.Model, where.Corpus, pass.Source, pass.Target, shard) };
        foreach (ModelGraph graph in model.Graphs)
        {
            bool written = graph.Component == ModelFolder.DecoderComponent
                ? pass.Components is ExtractionComponents.Decoder or ExtractionComponents.Both
                : pass.Components is ExtractionComponents.Encoder or ExtractionComponents.Both;
            if (!written) continue;
            // Its own part of each layer folder (the decoder's vectors are the target language's): the folders are shared.
            string language = graph.Component == ModelFolder.DecoderComponent ? pass.Target! : pass.Source;
            foreach (int layer in LayersOf(graph))
                outputs.Add(RunLayout.ActivationPart(where.Model, where.Corpus, graph.Component, layer, language, shard));
        }
        // Kept vectors only: the model runs on the sentences holding a kept occurrence (a t5 decoder pass on every target sentence).
        long SourceWords(CorpusSizes sizes) => (keptOnly && pass.Target is null ? sizes.WordsRun : sizes.Words).GetValueOrDefault(pass.Source);
        long words = (corpus.Sizes is { } measured ? SourceWords(measured) : 0)
            + (pass.Target is null ? 0 : corpus.Sizes?.Words.GetValueOrDefault(pass.Target) ?? 0);
        long lines = shard.IsAll ? corpus.Lines : Math.Min(shard.End ?? corpus.Lines, corpus.Lines) - shard.First;
        if (!shard.IsAll && corpus.Lines > 0) words = words * lines / corpus.Lines;
        var work = new StageWork(Words: words, Hidden: model.Graphs.Max(g => g.HiddenSize), Layers: model.Graphs.Sum(g => g.LayerCount),
            Stored: keptOnly && corpus.Sizes is { } sizes && corpus.Lines > 0 ? sizes.Kept.GetValueOrDefault(pass.Source) * lines / corpus.Lines : null,
            LayersWritten: outputs.Count - 1, ModelBytes: _stages.Planning || _stages.Concurrent ? ModelFolderFiles.Enumerate(model.Folder).Sum(f => new FileInfo(f.Full).Length) : 0);
        string name = shard.IsAll ? $"extract {where} {pass.Name}" : $"extract {where} {pass.Name} sentences={shard.FileTag}";
        string[] reading = kept is null ? corpus.Reading : [.. corpus.Reading, kept.Stage];
        await _stages.RunAsync(name, fingerprint, outputs, lines, "sentences", new StageGraph("extract", reading, work), async progress =>
        {
            ExtractionOptions options = o.ToExtractionOptions(_description.Layers, pass.Components);
            options.IntraOpThreads = ThreadsPerStage;
            options.Sentences = shard.IsAll ? null : shard;
            if (keptOnly)
                options.KeptWords = await KeptOccurrences.ReadAsync(Path.Combine(Folder, kept!.Table), pass.Source, cancellationToken).ConfigureAwait(false);
            string output = Path.Combine(Folder, RunLayout.Part(where.Model, where.Corpus));
            ExtractionReport report = pass.Target is null
                ? await ExtractionJob.RunAsync(model.Folder, corpus.Files[pass.Source], pass.Source, output, options, progress, cancellationToken)
                    .ConfigureAwait(false)
                : await ExtractionJob.RunParallelAsync(model.Folder, corpus.Files[pass.Source], pass.Source, corpus.Files[pass.Target],
                    pass.Target, output, options, progress, cancellationToken).ConfigureAwait(false);
            var statistics = new JsonObject();
            if (pass.Components != ExtractionComponents.Decoder)
                statistics["encoder"] = JsonSerializer.SerializeToNode(report.Statistics, ExtractionJob.ReportJson);
            if (report.TargetStatistics is not null)
                statistics["decoder"] = JsonSerializer.SerializeToNode(report.TargetStatistics, ExtractionJob.ReportJson);
            ExtractionStatistics s = report.TargetStatistics ?? report.Statistics;
            return (statistics, string.Join(", ", report.Components.Select(c => $"{c.Component} {c.Language}: {c.WordsKept} words")) +
                $" ({s.WordsDroppedByTokenizer} dropped by the tokenizer, {s.WordsTruncated} past max positions), {report.WordsPerSecond:0} words/s");
        }).ConfigureAwait(false);
        return fingerprint;
    }
}
