using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNetConcepts;

/// <summary>
/// What a catalog's <see cref="MLContext"/> holds that ML.NET keeps internal: the environment behind a catalog
/// (IInternalCatalog.Environment) and the GPU settings a host inherits from it (IHostEnvironmentInternal's
/// GpuDeviceId and FallbackToCpu). ML.NET's own components read them the same way; here they are reached by
/// reflection, in this one place, and a missing member fails naming it.
/// </summary>
internal static class MLNetEnvironment
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly PropertyInfo CatalogEnvironment =
        typeof(TransformsCatalog).Assembly.GetType("Microsoft.ML.Data.IInternalCatalog")?.GetProperty("Environment")
        ?? throw Missing("IInternalCatalog.Environment");

    private static readonly Type? InternalEnvironment = typeof(IHostEnvironment).Assembly.GetType("Microsoft.ML.Runtime.IHostEnvironmentInternal");

    /// <summary>
    /// The environment (the MLContext's) behind a catalog such as <c>mlContext.Transforms</c> or
    /// <c>mlContext.Clustering.Trainers</c>, with this library's model loaders registered in its component catalog: a
    /// pipeline built from these catalog methods then loads back in the same MLContext without
    /// <c>RegisterMLNetConcepts()</c> (a fresh MLContext that only loads still needs that call).
    /// </summary>
    public static IHostEnvironment Of(object catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var environment = (IHostEnvironment)(CatalogEnvironment.GetValue(catalog) ?? throw Missing("IInternalCatalog.Environment"));
        environment.ComponentCatalog.RegisterMLNetConcepts();
        return environment;
    }

    /// <summary><see cref="MLContext.GpuDeviceId"/> of the context behind <paramref name="environment"/>; null when none is set or readable.</summary>
    public static int? GpuDeviceId(IHostEnvironment environment) => (int?)Setting(environment, "GpuDeviceId");

    /// <summary><see cref="MLContext.FallbackToCpu"/> of the context behind <paramref name="environment"/>; false (ML.NET's default) when not readable.</summary>
    public static bool FallbackToCpu(IHostEnvironment environment) => Setting(environment, "FallbackToCpu") is true;

    private static object? Setting(IHostEnvironment environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // An MLContext is itself an IHostEnvironment and exposes both settings publicly; its environment and hosts implement the internal interface.
        if (environment is MLContext context) return name == "GpuDeviceId" ? context.GpuDeviceId : context.FallbackToCpu;
        if (InternalEnvironment is null || !InternalEnvironment.IsInstanceOfType(environment)) return null;
        PropertyInfo property = InternalEnvironment.GetProperty(name, Any) ?? throw Missing($"IHostEnvironmentInternal.{name}");
        return property.GetValue(environment);
    }

    private static InvalidOperationException Missing(string what) =>
        new($"Microsoft.ML changed: '{what}' was not found; MLNetConcepts reads the MLContext's settings with Microsoft.ML 5.0.1");
}
