using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace MLNetConcepts;

/// <summary>
/// The one file that reaches into what Microsoft.ML 5.0.1 keeps internal; nothing else in the library uses reflection
/// on ML.NET. It sits in the lowest layer and knows none of this library's stages, so every stage can use it.
/// </summary>
/// <remarks>
/// What is reached, and why:
/// <list type="bullet">
/// <item><b>Schema shapes</b>: <see cref="SchemaShape"/> is built by an internal factory (its column constructor is internal too).</item>
/// <item><b>A catalog's environment and GPU settings</b>: the environment behind <c>mlContext.Transforms</c> is
/// <c>IInternalCatalog.Environment</c>; a host's GPU settings are <c>IHostEnvironmentInternal</c>'s
/// <c>GpuDeviceId</c> and <c>FallbackToCpu</c>. ML.NET's own components read them the same way.</item>
/// <item><b>K-means models</b>: <see cref="KMeansModelParameters"/> and its <see cref="ClusteringPredictionTransformer{TModel}"/>
/// are created only through internal constructors.</item>
/// <item><b>Model files</b>: an ML.NET component becomes loadable by <c>mlContext.Model.Load</c> when its assembly
/// carries <c>[assembly: LoadableClass(..., typeof(SignatureLoadModel), ...)]</c> and the class has a static
/// <c>Create(IHostEnvironment, ModelLoadContext)</c>, and it saves by writing through <c>ModelSaveContext</c>
/// (<c>CheckAtModel</c>, <c>SetVersionInfo</c>, <c>Writer</c>). <c>LoadableClassAttribute</c>, <c>VersionInfo</c>,
/// <c>ModelLoadContext</c> and <c>SignatureLoadModel</c> are internal types and every member of
/// <c>ModelSaveContext</c> is internal, shared only with ML.NET's own assemblies. An outside assembly therefore
/// cannot compile the attribute (C# rejects an inaccessible attribute type), nor declare a <c>Create</c> with a
/// <c>ModelLoadContext</c> parameter. What it can do, and what this class does, is: write the header and payload
/// through the save context's internal members; and add a <c>LoadableClassInfo</c> to a <see cref="ComponentCatalog"/>
/// whose create method takes the load context as <see cref="object"/> (ML.NET invokes it by reflection, so the
/// argument binds).</item>
/// </list>
/// If an ML.NET update renames these members, the call fails with an error naming the missing member and the tests
/// of schemas, K-means and save/load fail. Pinned by Directory.Packages.props to Microsoft.ML 5.0.1.
/// </remarks>
internal static class MLNetInternals
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    // Each area's members are looked up in its own holder class on first use of that area, so a member an ML.NET
    // update renames fails only what uses it (a type initializer that throws makes its whole type unusable).

    // ---- Schema shapes ----

    private static class SchemaMembers
    {
        internal static readonly MethodInfo Factory =
            typeof(SchemaShape).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static, [typeof(DataViewSchema)])
            ?? throw Missing("SchemaShape.Create(DataViewSchema)");
    }

    /// <summary>The shape ML.NET itself would give <paramref name="schema"/> (same columns, types and metadata).</summary>
    internal static SchemaShape SchemaShapeOf(DataViewSchema schema) => (SchemaShape)SchemaMembers.Factory.Invoke(null, [schema])!;

    // ---- A catalog's environment and the MLContext's GPU settings ----

    private static class EnvironmentMembers
    {
        internal static readonly PropertyInfo CatalogEnvironment =
            typeof(TransformsCatalog).Assembly.GetType("Microsoft.ML.Data.IInternalCatalog")?.GetProperty("Environment")
            ?? throw Missing("IInternalCatalog.Environment");

        internal static readonly Type? InternalEnvironment = typeof(IHostEnvironment).Assembly.GetType("Microsoft.ML.Runtime.IHostEnvironmentInternal");
    }

    /// <summary>The environment (the MLContext's) behind a catalog such as <c>mlContext.Transforms</c> or <c>mlContext.Clustering.Trainers</c>.</summary>
    internal static IHostEnvironment CatalogEnvironment(object catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return (IHostEnvironment)(EnvironmentMembers.CatalogEnvironment.GetValue(catalog) ?? throw Missing("IInternalCatalog.Environment"));
    }

    /// <summary><see cref="MLContext.GpuDeviceId"/> of the context behind <paramref name="environment"/>; null when none is set or readable.</summary>
    internal static int? GpuDeviceId(IHostEnvironment environment) => (int?)HostSetting(environment, "GpuDeviceId");

    /// <summary><see cref="MLContext.FallbackToCpu"/> of the context behind <paramref name="environment"/>; false (ML.NET's default) when not readable.</summary>
    internal static bool FallbackToCpu(IHostEnvironment environment) => HostSetting(environment, "FallbackToCpu") is true;

    private static object? HostSetting(IHostEnvironment environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // An MLContext is itself an IHostEnvironment and exposes both settings publicly; its environment and hosts implement the internal interface.
        if (environment is MLContext context) return name == "GpuDeviceId" ? context.GpuDeviceId : context.FallbackToCpu;
        Type? internalEnvironment = EnvironmentMembers.InternalEnvironment;
        if (internalEnvironment is null || !internalEnvironment.IsInstanceOfType(environment)) return null;
        PropertyInfo property = internalEnvironment.GetProperty(name, Any) ?? throw Missing($"IHostEnvironmentInternal.{name}");
        return property.GetValue(environment);
    }

    // ---- K-means models ----

    private static class KMeansMembers
    {
        internal static readonly ConstructorInfo Model = typeof(KMeansModelParameters).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic, [typeof(IHostEnvironment), typeof(int), typeof(VBuffer<float>[]), typeof(bool)])
            ?? throw Missing("KMeansModelParameters(IHostEnvironment, int, VBuffer<float>[], bool)");

        internal static readonly ConstructorInfo Transformer = typeof(ClusteringPredictionTransformer<KMeansModelParameters>).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic,
            [typeof(IHostEnvironment), typeof(KMeansModelParameters), typeof(DataViewSchema), typeof(string), typeof(float), typeof(string)])
            ?? throw Missing("ClusteringPredictionTransformer<KMeansModelParameters>(IHostEnvironment, KMeansModelParameters, DataViewSchema, string, float, string)");
    }

    /// <summary>A fitted KMeans transformer, as ML.NET's KMeansTrainer makes it, whose model holds exactly <paramref name="centres"/>.</summary>
    /// <param name="environment">The ML.NET host the model and transformer belong to (usually the <c>MLContext</c>).</param>
    /// <param name="centres">K x d centroids, row-major.</param>
    /// <param name="clusters">K, the number of centroid rows in <paramref name="centres"/>.</param>
    /// <param name="dimension">d, the length of each centroid and of the feature vectors.</param>
    /// <param name="trainingSchema">The schema the model was fitted on; the transformer checks inputs against it.</param>
    /// <param name="featureColumn">Name of the vector column the transformer scores.</param>
    internal static ClusteringPredictionTransformer<KMeansModelParameters> KMeansTransformer(IHostEnvironment environment, float[] centres,
        int clusters, int dimension, DataViewSchema trainingSchema, string featureColumn)
    {
        var centroids = new VBuffer<float>[clusters];
        for (int j = 0; j < clusters; j++)
            centroids[j] = new VBuffer<float>(dimension, centres.AsSpan(j * dimension, dimension).ToArray());
        var model = (KMeansModelParameters)KMeansMembers.Model.Invoke([environment, clusters, centroids, true]);
        // As ML.NET's KMeansTrainer makes it: no threshold, the threshold column is Score.
        return (ClusteringPredictionTransformer<KMeansModelParameters>)KMeansMembers.Transformer.Invoke(
            [environment, model, trainingSchema, featureColumn, 0f, "Score"]);
    }

    // ---- Model files ----

    private static class ModelFileMembers
    {
        private static readonly Assembly Core = typeof(ICanSaveModel).Assembly;
        internal static readonly Type VersionInfo = CoreType("Microsoft.ML.VersionInfo");
        internal static readonly Type LoadContext = CoreType("Microsoft.ML.ModelLoadContext");
        internal static readonly Type LoadSignature = CoreType("Microsoft.ML.SignatureLoadModel");
        internal static readonly Type LoadableClassAttribute = CoreType("Microsoft.ML.LoadableClassAttribute");
        internal static readonly Type LoadableClassInfo = typeof(ComponentCatalog).GetNestedType("LoadableClassInfo", Any)
            ?? throw Missing("ComponentCatalog.LoadableClassInfo");

        private static Type CoreType(string name) => Core.GetType(name) ?? throw Missing(name);
    }

    /// <summary>Describes a saved component: its 8-character model signature, versions and loader name (at most 24 characters).</summary>
    internal sealed record ModelVersion(string ModelSignature, uint VersionWritten, uint VersionReadable, uint VersionWeCanReadBack, string LoaderSignature)
    {
        /// <summary>The first version of a component's format (written, readable and read back: 1.1), signatures checked.</summary>
        internal static ModelVersion First(string modelSignature, string loaderSignature)
        {
            // ML.NET's model header holds exactly 8 signature characters and at most 24 of the loader's name.
            if (modelSignature.Length != 8) throw new ArgumentException($"'{modelSignature}' must have 8 characters", nameof(modelSignature));
            if (loaderSignature.Length > 24) throw new ArgumentException($"'{loaderSignature}' must have at most 24 characters", nameof(loaderSignature));
            return new ModelVersion(modelSignature, 0x00010001, 0x00010001, 0x00010001, loaderSignature);
        }

        /// <summary>
        /// A later version of a component's format: <paramref name="written"/> is what this build writes and the
        /// oldest build that can read it; files down to <paramref name="oldestReadBack"/> still reach the loader, which
        /// reads <see cref="WrittenVersion"/> to tell the formats apart (or to refuse an old one with its fix).
        /// </summary>
        internal ModelVersion Next(uint written, uint oldestReadBack) => this with
        {
            VersionWritten = written, VersionReadable = written, VersionWeCanReadBack = oldestReadBack,
        };

        internal object ToVersionInfo() => Activator.CreateInstance(ModelFileMembers.VersionInfo,
            ModelSignature, VersionWritten, VersionReadable, VersionWeCanReadBack,
            typeof(MLNetInternals).Assembly.FullName, LoaderSignature, null)!;
    }

    /// <summary>Starts a component's entry in a model file and returns the writer of its payload.</summary>
    internal static BinaryWriter BeginSave(ModelSaveContext context, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(context);
        Invoke(context, "CheckAtModel", []);
        Invoke(context, "SetVersionInfo", [version.ToVersionInfo()]);
        return (BinaryWriter)Member(context, "Writer");
    }

    /// <summary>Checks a component's header (signature and versions) and returns the reader of its payload.</summary>
    internal static BinaryReader BeginLoad(object loadContext, ModelVersion version)
    {
        if (loadContext is null || !ModelFileMembers.LoadContext.IsInstanceOfType(loadContext))
            throw new ArgumentException($"expected ML.NET's ModelLoadContext, got {loadContext?.GetType().FullName ?? "null"}", nameof(loadContext));
        MethodInfo check = ModelFileMembers.LoadContext.GetMethod("CheckAtModel", Any, [ModelFileMembers.VersionInfo]) ?? throw Missing("ModelLoadContext.CheckAtModel(VersionInfo)");
        Call(check, loadContext, [version.ToVersionInfo()]);
        return (BinaryReader)Member(loadContext, "Reader");
    }

    /// <summary>The format version that wrote the component being loaded (its header's "written" version).</summary>
    internal static uint WrittenVersion(object loadContext)
    {
        object header = Member(loadContext, "Header");
        return (uint)(header.GetType().GetField("ModelVerWritten", Any)?.GetValue(header) ?? throw Missing("ModelHeader.ModelVerWritten"));
    }

    /// <summary>
    /// Makes <paramref name="catalog"/> create <typeparamref name="TComponent"/> when a model file names
    /// <paramref name="version"/>'s loader signature, through the component's static, non-public
    /// <c>Create(IHostEnvironment, object)</c> (the object is ML.NET's load context). Registering twice is harmless.
    /// </summary>
    internal static void RegisterLoader<TComponent>(ComponentCatalog catalog, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Type instanceType = typeof(TComponent);
        MethodInfo create = instanceType.GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static, [typeof(IHostEnvironment), typeof(object)])
            ?? throw new InvalidOperationException($"{instanceType.Name} has no loader");
        object attribute = Activator.CreateInstance(ModelFileMembers.LoadableClassAttribute,
            instanceType, instanceType, null, ModelFileMembers.LoadSignature, instanceType.Name, new[] { version.LoaderSignature })!;
        ConstructorInfo infoConstructor = ModelFileMembers.LoadableClassInfo.GetConstructors(Any).SingleOrDefault(c => c.GetParameters().Length == 5)
            ?? throw Missing("LoadableClassInfo(attribute, getter, ctor, create, requireEnvironment)");
        object info = infoConstructor.Invoke([attribute, null, null, create, true]);
        MethodInfo addClass = typeof(ComponentCatalog).GetMethod("AddClass", Any) ?? throw Missing("ComponentCatalog.AddClass");
        // ML.NET guards its catalog with a private lock; take it so a concurrent RegisterAssembly cannot interleave.
        object gate = typeof(ComponentCatalog).GetField("_lock", Any)?.GetValue(catalog) ?? throw Missing("ComponentCatalog._lock");
        lock (gate)
            Call(addClass, catalog, [info, new[] { version.LoaderSignature }, false]);
    }

    private static object Member(object target, string name)
    {
        Type type = target.GetType();
        object? value = type.GetField(name, Any)?.GetValue(target) ?? type.GetProperty(name, Any)?.GetValue(target);
        return value ?? throw Missing($"{type.Name}.{name}");
    }

    private static void Invoke(object target, string name, object[] arguments)
    {
        MethodInfo method = target.GetType().GetMethods(Any).FirstOrDefault(m => m.Name == name && m.GetParameters().Length == arguments.Length)
            ?? throw Missing($"{target.GetType().Name}.{name}");
        Call(method, target, arguments);
    }

    private static object? Call(MethodInfo method, object? target, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // Surface ML.NET's own error (for example a version mismatch) rather than the reflection wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static InvalidOperationException Missing(string what) =>
        new($"Microsoft.ML changed: '{what}' was not found; MLNetConcepts works with Microsoft.ML 5.0.1");
}
