using System.Reflection;
using System.Xml.Linq;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Layering;

/// <summary>
/// The packages' layers. The core package (src/MLNetConcepts: extraction, filter, K-means, concepts, dictionary,
/// metrics, Parquet tables) carries only the dependencies those need; run folders, analyze, the report and interop
/// are MLNetConcepts.Analysis, which alone brings the drawing (ScottPlot, SkiaSharp, HarfBuzz) and HDF5 (PureHDF)
/// libraries. Inside Analysis the report reads a finished run folder: Execution (analyze) uses Reporting, never the
/// other way round (NamespaceLayeringTests checks every such rule).
/// </summary>
public class LayeringTests
{
    private static readonly string[] AnalysisOnlyAssemblies =
        ["ScottPlot", "SkiaSharp", "SkiaSharp.HarfBuzz", "HarfBuzzSharp", "PureHDF", "MLNetConcepts.Analysis"];

    private static readonly string[] CorePackages =
        ["Microsoft.ML", "Microsoft.ML.Tokenizers", "Microsoft.ML.OnnxRuntime.Managed", "Microsoft.Data.Analysis", "Parquet.Net", "System.Numerics.Tensors"];

    private static readonly Assembly Core = typeof(ToolInfo).Assembly;

    private static readonly Assembly AnalysisAssembly = typeof(MLNetConcepts.Execution.Analysis).Assembly;

    [Fact]
    public void TheCoreAssemblyReferencesNoDrawingHdf5OrAnalysisAssembly()
    {
        Assert.Equal("MLNetConcepts", Core.GetName().Name);
        string[] referenced = [.. Core.GetReferencedAssemblies().Select(a => a.Name!)];
        Assert.Contains("Microsoft.ML.OnnxRuntime", referenced);
        Assert.Empty(referenced.Intersect(AnalysisOnlyAssemblies));
    }

    [Fact]
    public void TheAnalysisAssemblyIsWhereTheDrawingAndHdf5AssembliesAre()
    {
        // The names the core is checked against are the real ones: the Analysis assembly references them.
        Assert.Equal("MLNetConcepts.Analysis", AnalysisAssembly.GetName().Name);
        string[] referenced = [.. AnalysisAssembly.GetReferencedAssemblies().Select(a => a.Name!)];
        Assert.Contains("MLNetConcepts", referenced);
        foreach (string name in new[] { "ScottPlot", "SkiaSharp", "PureHDF" })
            Assert.Contains(name, referenced);
    }

    [Fact]
    public void TheCoreProjectReferencesExactlyTheCorePackagesAndNoProject()
    {
        XDocument project = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "MLNetConcepts", "MLNetConcepts.csproj"));
        string[] packages = [.. project.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).Order()];
        Assert.Equal(CorePackages.Order(), packages);
        Assert.Empty(project.Descendants("ProjectReference"));
    }

    [Fact]
    public void RunFoldersExecutionReportingAndInteropLiveInTheAnalysisProject()
    {
        string core = Path.Combine(RepoPaths.Root, "src", "MLNetConcepts");
        foreach (string folder in new[] { "RunFolders", "Execution", "Reporting", "Interop" })
        {
            Assert.False(Directory.Exists(Path.Combine(core, folder)), $"src/MLNetConcepts/{folder} belongs to src/MLNetConcepts.Analysis");
            Assert.True(Directory.Exists(Path.Combine(RepoPaths.Root, "src", "MLNetConcepts.Analysis", folder)));
        }
    }

    [Fact]
    public void OnlyMLNetInternalsReachesIntoMLNetByReflection()
    {
        // Non-public members need BindingFlags; internal types are looked up by name.
        string[] reaching =
        [
            .. new[] { "MLNetConcepts", "MLNetConcepts.Analysis", "MLNetConcepts.Cli" }
                .SelectMany(project => Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", project), "*.cs", SearchOption.AllDirectories))
                .Where(file => !Path.GetRelativePath(RepoPaths.Root, file).Split(Path.DirectorySeparatorChar).Contains("obj"))
                .Where(file => File.ReadAllText(file) is var text && (text.Contains("BindingFlags") || text.Contains("GetType(\"Microsoft.ML")))
                .Select(file => Path.GetRelativePath(RepoPaths.Root, file)),
        ];
        Assert.Equal([Path.Combine("src", "MLNetConcepts", "MLNetInternals.cs")], reaching);
    }

    [Fact]
    public void ReportingAndTheRunFolderModelDoNotUseRuns()
    {
        string src = Path.Combine(RepoPaths.Root, "src", "MLNetConcepts.Analysis");
        string[] files = [.. Directory.GetFiles(Path.Combine(src, "Reporting"), "*.cs"), .. Directory.GetFiles(Path.Combine(src, "RunFolders"), "*.cs")];
        Assert.NotEmpty(files);
        foreach (string file in files)
            Assert.DoesNotContain("MLNetConcepts.Execution", File.ReadAllText(file));
    }
}
