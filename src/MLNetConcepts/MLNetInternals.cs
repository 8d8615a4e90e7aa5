using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNetConcepts.Persistence;

/// <summary>
/// The one place that reaches into ML.NET's model-file machinery, which Microsoft.ML 5.0.1 keeps internal.
/// </summary>
/// <remarks>
/// Why reflection: an ML.NET component becomes loadable by <c>mlContext.Model.Load</c> when its assembly carries
/// <c>[assembly: LoadableClass(..., typeof(SignatureLoadModel), ...)]</c> and the class has a static
/// <c>Create(IHostEnvironment, ModelLoadContext)</c>, and it saves by writing through <c>ModelSaveContext</c>
/// (<c>CheckAtModel</c>, <c>SetVersionInfo</c>, <c>Writer</c>). In 5.0.1 <c>LoadableClassAttribute</c>,
/// <c>VersionInfo</c>, <c>ModelLoadContext</c> and <c>SignatureLoadModel</c> are internal types and every member of
/// <c>ModelSaveContext</c> is internal, shared only with ML.NET's own assemblies. An outside assembly therefore
/// cannot compile the attribute (C# rejects an inaccessible attribute type), nor declare a <c>Create</c> with a <c>ModelLoadContext</c> parameter. What it can do, and what this class
/// does, is: write the header and payload through the save context's internal members; and add a
/// <c>LoadableClassInfo</c> to a <see cref="ComponentCatalog"/> whose create method takes the load context as
/// <see cref="object"/> (ML.NET invokes it by reflection, so the argument binds). If an ML.NET update renames these
/// members, saving and loading fail with an error naming the missing member and the save/load tests fail; nothing else in the library
/// touches ML.NET internals. Pinned by Directory.Packages.props to Microsoft.ML 5.0.1.
/// </remarks>
internal static class MLNetModelInternals
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Assembly Core = typeof(ICanSaveModel).Assembly;
    private static readonly Type VersionInfoType = CoreType("Microsoft.ML.VersionInfo");
    private static readonly Type LoadContextType = CoreType("Microsoft.ML.ModelLoadContext");
    private static readonly Type LoadSignatureType = CoreType("Microsoft.ML.SignatureLoadModel");
    private static readonly Type LoadableClassAttributeType = CoreType("Microsoft.ML.LoadableClassAttribute");
    private static readonly Type LoadableClassInfoType = typeof(ComponentCatalog).GetNestedType("LoadableClassInfo", Any)
        ?? throw Missing("ComponentCatalog.LoadableClassInfo");

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

        internal object ToVersionInfo() => Activator.CreateInstance(VersionInfoType,
            ModelSignature, VersionWritten, VersionReadable, VersionWeCanReadBack,
            typeof(MLNetModelInternals).Assembly.FullName, LoaderSignature, null)!;
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
        if (loadContext is null || !LoadContextType.IsInstanceOfType(loadContext))
            throw new ArgumentException($"expected ML.NET's ModelLoadContext, got {loadContext?.GetType().FullName ?? "null"}", nameof(loadContext));
        MethodInfo check = LoadContextType.GetMethod("CheckAtModel", Any, [VersionInfoType]) ?? throw Missing("ModelLoadContext.CheckAtModel(VersionInfo)");
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
    /// Makes <paramref name="catalog"/> create <paramref name="instanceType"/> when a model file names
    /// <paramref name="loaderSignature"/>. <paramref name="create"/> is static, takes (IHostEnvironment, object) and
    /// returns <paramref name="instanceType"/>. Registering twice is harmless.
    /// </summary>
    internal static void RegisterLoader(ComponentCatalog catalog, Type instanceType, string loaderSignature, MethodInfo create)
    {
        object attribute = Activator.CreateInstance(LoadableClassAttributeType,
            instanceType, instanceType, null, LoadSignatureType, instanceType.Name, new[] { loaderSignature })!;
        ConstructorInfo infoConstructor = LoadableClassInfoType.GetConstructors(Any).SingleOrDefault(c => c.GetParameters().Length == 5)
            ?? throw Missing("LoadableClassInfo(attribute, getter, ctor, create, requireEnvironment)");
        object info = infoConstructor.Invoke([attribute, null, null, create, true]);
        MethodInfo addClass = typeof(ComponentCatalog).GetMethod("AddClass", Any) ?? throw Missing("ComponentCatalog.AddClass");
        // ML.NET guards its catalog with a private lock; take it so a concurrent RegisterAssembly cannot interleave.
        object gate = typeof(ComponentCatalog).GetField("_lock", Any)?.GetValue(catalog) ?? throw Missing("ComponentCatalog._lock");
        lock (gate)
            Call(addClass, catalog, [info, new[] { loaderSignature }, false]);
    }

    private static Type CoreType(string name) => Core.GetType(name) ?? throw Missing(name);

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
        new($"Microsoft.ML changed: '{what}' was not found; MLNetConcepts saves and loads models with Microsoft.ML 5.0.1");
}
