using System.Reflection;

namespace MLNetConcepts.Tests.Layering;

/// <summary>
/// The namespaces' layers, read from the compiled assemblies (<see cref="TypeDependencies"/>), so a dependency that a
/// using directive does not show (a fully qualified name, a lambda, a generic argument) counts too. Each assembly's
/// order is declared once, lowest layer first: a namespace may use its own types and those of lower layers, never a
/// namespace of its own layer or above, so the namespaces cannot form a cycle.
/// </summary>
public class NamespaceLayeringTests
{
    /// <summary>The core package, lowest first.</summary>
    private static readonly string[][] CoreLayers =
    [
        // Errors, limits, JSON and option checks, and the one file that reaches into ML.NET's internals.
        ["MLNetConcepts"],
        // Word splitting, sentence files, subword tokenizers.
        ["MLNetConcepts.Tokenization"],
        // The Parquet tables and atomic outputs every stage reads and writes.
        ["MLNetConcepts.Storage"],
        // Model folders (model.json, graphs, tokenizers).
        ["MLNetConcepts.Models"],
        // The first stages, independent of each other: word vectors from a model; translations from a parallel corpus.
        ["MLNetConcepts.Extraction", "MLNetConcepts.Translation"],
        // Frequency filter and K-means over the word vectors (ONNX Runtime's loading is shared with extraction).
        ["MLNetConcepts.Concepts"],
        // CALIGN and COLAP over concepts and translations.
        ["MLNetConcepts.Metrics"],
        // The catalog extensions on MLContext and the loader registry (MLNetConceptsComponents): they know every stage.
        ["Microsoft.ML"],
    ];

    /// <summary>The Analysis package, lowest first; every layer also uses the whole core package below it.</summary>
    private static readonly string[][] AnalysisLayers =
    [
        // The run folder's model: run.json, settings, records.
        ["MLNetConcepts.RunFolders"],
        // The report reads a finished run folder; interop exports one to the paper's tools; neither knows the other.
        ["MLNetConcepts.Reporting", "MLNetConcepts.Interop"],
        // The concept explorer, part of the report.
        ["MLNetConcepts.Reporting.Explorer"],
        // analyze: plans, runs and schedules the stages, then writes the report.
        ["MLNetConcepts.Execution"],
    ];

    private static string CorePath => typeof(ToolInfo).Assembly.Location;

    private static string AnalysisPath => typeof(MLNetConcepts.Execution.Analysis).Assembly.Location;

    [Fact]
    public void EveryCoreNamespaceHasALayer() =>
        Assert.Equal(CoreLayers.SelectMany(l => l).Order(StringComparer.Ordinal), TypeDependencies.Namespaces(CorePath));

    [Fact]
    public void CoreNamespacesUseOnlyLowerLayers() => AssertLayered(CorePath, CoreLayers);

    [Fact]
    public void EveryAnalysisNamespaceHasALayer() =>
        Assert.Equal(AnalysisLayers.SelectMany(l => l).Order(StringComparer.Ordinal), TypeDependencies.Namespaces(AnalysisPath));

    [Fact]
    public void AnalysisNamespacesUseOnlyLowerLayers() => AssertLayered(AnalysisPath, AnalysisLayers);

    [Fact]
    public void TheReaderFindsUsesHiddenInCompilerGeneratedCodeAndSignatures()
    {
        // The fixtures below: each user type uses one type only, each in a different place of the compiled code.
        string users = typeof(Fixtures.Users.BaseTypeUser).Namespace!;
        string[] found = [.. TypeDependencies.Read(Assembly.GetExecutingAssembly().Location)
            .Where(u => u.UserNamespace == users).Select(u => u.ToString())];
        string Use(Type user, Type used) => $"{user.FullName} -> {used.FullName}";
        string[] expected =
        [
            Use(typeof(Fixtures.Users.AsyncUser), typeof(Fixtures.Used.UsedInAsyncMethod)),
            Use(typeof(Fixtures.Users.AttributeUser), typeof(Fixtures.Used.MarkerAttribute)),
            Use(typeof(Fixtures.Users.AttributeUser), typeof(Fixtures.Used.UsedInAttributeArgument)),
            Use(typeof(Fixtures.Users.BaseTypeUser), typeof(Fixtures.Used.UsedAsBaseType)),
            Use(typeof(Fixtures.Users.FieldUser), typeof(Fixtures.Used.UsedAsFieldType)),
            Use(typeof(Fixtures.Users.GenericArgumentUser), typeof(Fixtures.Used.UsedAsGenericArgument)),
            Use(typeof(Fixtures.Users.IteratorUser), typeof(Fixtures.Used.UsedInIterator)),
            Use(typeof(Fixtures.Users.LambdaUser), typeof(Fixtures.Used.UsedInLambda)),
            Use(typeof(Fixtures.Users.NestedTypeUser), typeof(Fixtures.Used.UsedByNestedType)),
            Use(typeof(Fixtures.Users.SignatureUser), typeof(Fixtures.Used.UsedInSignature)),
            Use(typeof(Fixtures.Users.StaticMemberUser), typeof(Fixtures.Used.UsedThroughStaticMember)),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    /// <summary>Fails naming every use of a namespace of the same or a higher layer (a cycle needs at least one).</summary>
    private static void AssertLayered(string assemblyPath, string[][] layers)
    {
        var layerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Length; i++)
            foreach (string name in layers[i]) layerOf.Add(name, i);
        string[] offending =
        [
            .. TypeDependencies.Read(assemblyPath)
                .Where(u => u.UserNamespace != u.UsedNamespace)
                .Where(u => layerOf.ContainsKey(u.UserNamespace) && layerOf.ContainsKey(u.UsedNamespace))
                .Where(u => layerOf[u.UsedNamespace] >= layerOf[u.UserNamespace])
                .Select(u => $"{u} ({(layerOf[u.UsedNamespace] == layerOf[u.UserNamespace] ? "same layer" : "upward")})"),
        ];
        Assert.True(offending.Length == 0,
            $"{offending.Length} uses break the layer order of {Path.GetFileName(assemblyPath)} (lowest first: "
            + string.Join(" < ", layers.Select(l => string.Join(" | ", l))) + "):\n" + string.Join("\n", offending));
    }
}
