using Microsoft.Data.Analysis;
using Microsoft.ML;
using MLNetConcepts.Concepts;
using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;
using MLNetConcepts.Tests.Support;
using System.Text.Json.Serialization;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace MLNetConcepts.Tests.Storage;

/// <summary>
/// The forms each declared table takes besides its own file: values read back as written, the defaults of columns a
/// file from another tool lacks, one-line errors naming the file and column, the saved-model bytes, views and frames.
/// </summary>
public class TableFormsTests
{
    private static readonly ConceptAssignment[] Concepts =
    [
        new("encoder", 3, "en", 0, 7, 2, "en", "running", 600, 1),
        new("encoder", 3, "mixed", 599, 12345678901, 0, "ar", "كتاب", 600, 2),
        new("decoder", 12, "de", 1, 0, 299, "de", "Straße"),
    ];

    private static readonly CalignSummary[] CalignRows =
    [
        new("encoder", "decoder", 3, "en", "de", 10, 8, 5, 62.5, 600, 2, 1.5),
        new("encoder", "encoder", 0, "de", "en", 0, 0, 0, double.NaN),
    ];

    private static readonly ColapSummary[] ColapRows =
    [
        new("encoder", 3, "mixed", "de", "en", 10, 4, 40, 600, 2, 12.5),
        new("encoder", 3, "mixed", "*", "*", 10, 0, 0),
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MetricTablesRoundTripWithTheirOptions()
    {
        using var temp = new TempFolder();
        var options = new CalignOptions { SourceLanguage = "en", TargetLanguage = "de" };
        await MetricFiles.WriteCalignAsync(temp.File("calign.parquet"), CalignRows, [options], Cancel);
        await MetricFiles.WriteColapAsync(temp.File("colap.parquet"), new ColapResult([], ColapRows, new ColapOptions()), Cancel);

        Assert.Equal(CalignRows, await MetricFiles.ReadCalignAsync(temp.File("calign.parquet"), Cancel));
        Assert.Equal(ColapRows, await MetricFiles.ReadColapAsync(temp.File("colap.parquet"), Cancel));
        await using ParquetReader reader = await ParquetReader.CreateAsync(temp.File("calign.parquet"), cancellationToken: Cancel);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(options.ToRecord()), reader.CustomMetadata[MetricFiles.OptionsMetadataKey]);
    }

    [Fact]
    public async Task FilesWithoutTheFitColumnsReadAsOneFit()
    {
        using var temp = new TempFolder();
        string concepts = temp.File("concepts.parquet"), calign = temp.File("calign.parquet"), colap = temp.File("colap.parquet"),
            summary = temp.File("concept_summary.parquet");
        await WriteWithoutAsync(concepts, ConceptFiles.Schema, ["k", "seed"],
            ("component", "encoder"), ("layer", 3), ("scope", "en"), ("concept_id", 0), ("sentence_id", 7L), ("word_index", 2), ("language", "en"),
            ("word", "running"));
        await WriteWithoutAsync(calign, MetricFiles.CalignFile.Schema, ["k", "seed", "chance"],
            ("source_component", "encoder"), ("target_component", "decoder"), ("layer", 3), ("source_language", "en"), ("target_language", "de"),
            ("concepts_total", 10), ("concepts_considered", 8), ("aligned", 5), ("calign", 62.5));
        await WriteWithoutAsync(colap, MetricFiles.ColapFile.Schema, ["k", "seed", "language_blind"],
            ("component", "encoder"), ("layer", 3), ("scope", "mixed"), ("language_a", "de"), ("language_b", "en"), ("concepts", 10),
            ("overlapping", 4), ("colap", 40.0));

        Assert.Equal([Concepts[0] with { K = 0, Seed = 0 }], await ConceptFiles.ReadAsync(concepts, Cancel));
        Assert.Equal([CalignRows[0] with { K = 0, Seed = 0, Chance = double.NaN }], await MetricFiles.ReadCalignAsync(calign, Cancel));
        Assert.Equal([ColapRows[0] with { K = 0, Seed = 0, LanguageBlind = double.NaN }], await MetricFiles.ReadColapAsync(colap, Cancel));

        // The summary's k and seed are optional too, and its lexical flag is derived from the affix, never read.
        await ParquetSerializer.SerializeAsync([new OtherToolSummary()], summary, cancellationToken: Cancel);
        ConceptSummary back = Assert.Single(await ConceptSummaryFiles.ReadAsync(summary, Cancel));
        Assert.Equal(new ConceptSummary("encoder", 6, "en", 0, 12, 7, 3.25, "suffix", "ly", 0.5, [], 0, 0), back with { Centroid = [] });
        Assert.Equal([1f, 2f], back.Centroid);
    }

    [Fact]
    public async Task MissingColumnsAreNamedInOneLine()
    {
        using var temp = new TempFolder();
        string calign = temp.File("calign.parquet"), colap = temp.File("colap.parquet");
        await WriteWithoutAsync(calign, MetricFiles.CalignFile.Schema, ["aligned", "calign", "k", "seed", "chance"],
            ("source_component", "encoder"), ("target_component", "decoder"), ("layer", 3), ("source_language", "en"), ("target_language", "de"),
            ("concepts_total", 10), ("concepts_considered", 8));
        await WriteWithoutAsync(colap, MetricFiles.ColapFile.Schema, ["scope", "k", "seed", "language_blind"],
            ("component", "encoder"), ("layer", 3), ("language_a", "de"), ("language_b", "en"), ("concepts", 10), ("overlapping", 4), ("colap", 40.0));
        string noCentroid = temp.File("no-centroid.parquet");
        await ParquetSerializer.SerializeAsync([new OtherToolSummaryWithoutCentroid()], noCentroid, cancellationToken: Cancel);

        var e = await Assert.ThrowsAsync<MLNetConceptsException>(() => MetricFiles.ReadCalignAsync(calign, Cancel));
        Assert.Equal($"{calign}: missing column(s) aligned, calign; expected source_component, target_component, layer, source_language, " +
                     "target_language, concepts_total, concepts_considered, aligned, calign", e.Message);
        e = await Assert.ThrowsAsync<MLNetConceptsException>(() => MetricFiles.ReadColapAsync(colap, Cancel));
        Assert.Equal($"{colap}: missing column(s) scope; expected component, layer, scope, language_a, language_b, concepts, overlapping, colap", e.Message);
        e = await Assert.ThrowsAsync<MLNetConceptsException>(() => ConceptSummaryFiles.ReadAsync(noCentroid, Cancel));
        Assert.Equal($"{noCentroid}: missing column centroid (list of floats)", e.Message);
        e = await Assert.ThrowsAsync<MLNetConceptsException>(() => ConceptSummaryFiles.ReadAsync(calign, Cancel));
        Assert.Equal($"{calign}: missing column(s) component, scope, concept_id, size, types, sum_of_squares, affix_kind, affix, affix_share; expected " +
                     "component, layer, scope, concept_id, size, types, sum_of_squares, affix_kind, affix, affix_share", e.Message);
    }

    [Fact]
    public async Task MistypedAndNullColumnsAreNamed()
    {
        using var temp = new TempFolder();
        string path = temp.File("concepts.parquet");
        var schema = new ParquetSchema(new DataField<string>("component", true), new DataField<double>("layer"), new DataField<string>("scope"),
            new DataField<int>("concept_id"), new DataField<long>("sentence_id"), new DataField<int>("word_index"), new DataField<string>("language"),
            new DataField<string>("word"));
        await using (FileStream stream = File.Create(path))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: Cancel))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(schema.DataFields[0], new string?[] { null }!);
            await group.WriteAsync<double>(schema.DataFields[1], new[] { 1.0 }, cancellationToken: Cancel);
            await group.WriteAsync(schema.DataFields[2], ["en"]);
            await group.WriteAsync<int>(schema.DataFields[3], new[] { 0 }, cancellationToken: Cancel);
            await group.WriteAsync<long>(schema.DataFields[4], new[] { 0L }, cancellationToken: Cancel);
            await group.WriteAsync<int>(schema.DataFields[5], new[] { 0 }, cancellationToken: Cancel);
            await group.WriteAsync(schema.DataFields[6], ["en"]);
            await group.WriteAsync(schema.DataFields[7], ["a"]);
        }
        var e = await Assert.ThrowsAsync<MLNetConceptsException>(() => ConceptFiles.ReadAsync(path, Cancel));
        Assert.Equal($"{path}: column 'component' has a null value in row 0", e.Message);
    }

    [Fact]
    public void SavedModelsKeepTheOneFitColumnsInOrder()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            MetricModelFormat.WriteAssignments(writer, Concepts);

        // The format models saved before the table was declared once hold: count, then each row's eight values.
        using var expected = new MemoryStream();
        using (var writer = new BinaryWriter(expected, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Concepts.Length);
            foreach (ConceptAssignment r in Concepts)
            {
                writer.Write(r.Component); writer.Write(r.Layer); writer.Write(r.Scope); writer.Write(r.ConceptId);
                writer.Write(r.SentenceId); writer.Write(r.WordIndex); writer.Write(r.Language); writer.Write(r.Word);
            }
        }
        Assert.Equal(expected.ToArray(), stream.ToArray());

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        Assert.Equal(Concepts.Select(r => r with { K = 0, Seed = 0 }), MetricModelFormat.ReadAssignments(reader));
    }

    [Fact]
    public void ViewsHoldTheOneFitColumns()
    {
        IDataView view = ConceptDataView.FromAssignments(Concepts);
        Assert.Equal(["component:String", "layer:Int32", "scope:String", "concept_id:Int32", "sentence_id:Int64", "word_index:Int32",
            "language:String", "word:String"], ((DataFrame)view).Columns.Select(c => $"{c.Name}:{c.DataType.Name}"));
        Assert.Equal(Concepts.Select(r => r with { K = 0, Seed = 0 }), ConceptDataView.ReadAssignments(view));

        // Without where the words stand, or with it in a type the view cannot read, both read as 0.
        var frame = (DataFrame)view;
        frame.Columns.Remove("sentence_id");
        frame.Columns.Remove("word_index");
        frame.Columns.Add(new StringDataFrameColumn("word_index", Concepts.Select(_ => "x")));
        Assert.Equal(Concepts.Select(r => r with { K = 0, Seed = 0, SentenceId = 0, WordIndex = 0 }), ConceptDataView.ReadAssignments(frame));
    }

    [Fact]
    public void ViewsLongerThanAChunkReadEveryRow()
    {
        ConceptAssignment[] many = Enumerable.Range(0, 2500).Select(i => new ConceptAssignment("encoder", i % 7, "en", i, i, i % 30, "en", $"w{i}")).ToArray();
        Assert.Equal(many, ConceptDataView.ReadAssignments(ConceptDataView.FromAssignments(many)));
    }

    [Fact]
    public void FramesTakeTheTablesColumns()
    {
        Assert.Equal(["source_component:String", "target_component:String", "layer:Int32", "source_language:String", "target_language:String",
            "concepts_total:Int32", "concepts_considered:Int32", "aligned:Int32", "calign:Double", "k:Int32", "seed:Int32", "chance:Double"],
            Describe(MetricFrames.CalignSummary(CalignRows)));
        Assert.Equal(["component:String", "layer:Int32", "scope:String", "language_a:String", "language_b:String", "concepts:Int32",
            "overlapping:Int32", "colap:Double", "k:Int32", "seed:Int32", "language_blind:Double"], Describe(MetricFrames.ColapSummary(ColapRows)));
        Assert.Equal(62.5, MetricFrames.CalignSummary(CalignRows)["calign"][0]);
        Assert.True(double.IsNaN((double)MetricFrames.CalignSummary(CalignRows)["chance"][1]!));

        Assert.Equal(["component:String", "layer:Int32", "scope:String", "concept_id:Int32", "size:Int32", "types:Int32", "sum_of_squares:Double",
            "lexical:Boolean", "affix_kind:String", "affix:String"],
            Describe(ConceptFrames.Summary([new ConceptSummary("encoder", 1, "en", 0, 9, 5, 1.5, null, null, null, [1f])])));
        DataFrame types = ConceptFrames.TypesPerConcept(Concepts);
        Assert.Equal(["component:String", "layer:Int32", "scope:String", "concept_id:Int32", "language:String", "word:String", "count:Int32",
            "k:Int32", "seed:Int32"], Describe(types));
        // Sorted by component, layer, scope, k, seed: decoder's one fit first, then the encoder's fits 600/1 and 600/2.
        Assert.Equal([0, 600, 600], types["k"].Cast<int>());
        Assert.Equal([0, 1, 2], types["seed"].Cast<int>());
        Assert.Equal(["component:String", "layer:Int32", "scope:String", "concept_id:Int32", "language:String", "occurrences:Int32", "types:Int32",
            "share:Double", "k:Int32", "seed:Int32"], Describe(ConceptFrames.LanguagesPerConcept(Concepts)));
    }

    [Fact]
    public void AColumnBelongsToOneTable()
    {
        var column = new TableColumn<ConceptAssignment, string>("word", ColumnKinds.Text, r => r.Word);
        var table = new Table<ConceptAssignment>([column], (b, i) => Concepts[0] with { Word = column.In(b, i) });
        Assert.Throws<ArgumentException>(() => new Table<ConceptAssignment>([column], (b, i) => Concepts[0]));
        Assert.Throws<ArgumentException>(() => table.Only(ConceptTable.Word));
    }

    private static string[] Describe(DataFrame frame) => frame.Columns.Select(c => $"{c.Name}:{c.DataType.Name}").ToArray();

    /// <summary>A file with <paramref name="schema"/>'s columns except <paramref name="without"/>, one row of <paramref name="values"/>, as another tool might write it.</summary>
    private static async Task WriteWithoutAsync(string path, ParquetSchema schema, string[] without, params (string Name, object Value)[] values)
    {
        DataField[] fields = schema.DataFields.Where(f => !without.Contains(f.Name)).Select(f => new DataField(f.Name, f.ClrType, f.IsNullable)).ToArray();
        Assert.Equal(fields.Select(f => f.Name), values.Select(v => v.Name));
        var trimmed = new ParquetSchema(fields);
        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(trimmed, stream, cancellationToken: Cancel);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        for (int i = 0; i < fields.Length; i++)
        {
            switch (values[i].Value)
            {
                case string s: await group.WriteAsync(trimmed.DataFields[i], [s]); break;
                case int n: await group.WriteAsync<int>(trimmed.DataFields[i], new[] { n }, cancellationToken: Cancel); break;
                case long n: await group.WriteAsync<long>(trimmed.DataFields[i], new[] { n }, cancellationToken: Cancel); break;
                case double d: await group.WriteAsync<double>(trimmed.DataFields[i], new[] { d }, cancellationToken: Cancel); break;
                default: throw new ArgumentException($"no writer for {values[i].Value.GetType()}");
            }
        }
    }

    /// <summary>A concept summary row as another tool (pandas, DuckDB) might write it: optional strings, no k, seed or lexical flag.</summary>
    private sealed class OtherToolSummary
    {
        [JsonPropertyName("component")] public string Component { get; set; } = "encoder";
        [JsonPropertyName("layer")] public long Layer { get; set; } = 6;
        [JsonPropertyName("scope")] public string Scope { get; set; } = "en";
        [JsonPropertyName("concept_id")] public int ConceptId { get; set; }
        [JsonPropertyName("size")] public int Size { get; set; } = 12;
        [JsonPropertyName("types")] public int Types { get; set; } = 7;
        [JsonPropertyName("sum_of_squares")] public float SumOfSquares { get; set; } = 3.25f;
        [JsonPropertyName("affix_kind")] public string? AffixKind { get; set; } = "suffix";
        [JsonPropertyName("affix")] public string? Affix { get; set; } = "ly";
        [JsonPropertyName("affix_share")] public double? AffixShare { get; set; } = 0.5;
        [JsonPropertyName("centroid")] public List<float> Centroid { get; set; } = [1f, 2f];
    }

    /// <summary>The same without the centroid.</summary>
    private sealed class OtherToolSummaryWithoutCentroid
    {
        [JsonPropertyName("component")] public string Component { get; set; } = "encoder";
        [JsonPropertyName("layer")] public int Layer { get; set; } = 6;
        [JsonPropertyName("scope")] public string Scope { get; set; } = "en";
        [JsonPropertyName("concept_id")] public int ConceptId { get; set; }
        [JsonPropertyName("size")] public int Size { get; set; } = 12;
        [JsonPropertyName("types")] public int Types { get; set; } = 7;
        [JsonPropertyName("sum_of_squares")] public double SumOfSquares { get; set; } = 3.25;
        [JsonPropertyName("affix_kind")] public string? AffixKind { get; set; }
        [JsonPropertyName("affix")] public string? Affix { get; set; }
        [JsonPropertyName("affix_share")] public double? AffixShare { get; set; }
    }
}
