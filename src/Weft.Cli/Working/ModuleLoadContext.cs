using System.Reflection;
using System.Runtime.Loader;

namespace Weft.Cli.Working;

/// <summary>
/// Where a task module is loaded: its own context, whose dependencies come from the module's folder (by its
/// <c>.deps.json</c> when it has one), except the assemblies it shares with <c>weft</c> so that both see the same types:
/// Weft.Worker (the attributes, <c>IJobContext</c>) and the Microsoft.Extensions abstractions its classes may take.
/// </summary>
internal sealed class ModuleLoadContext(string modulePath) : AssemblyLoadContext($"weft module {Path.GetFileName(modulePath)}")
{
    private readonly AssemblyDependencyResolver _resolver = new(modulePath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName.Name))
        {
            return null; // the default context: weft's own copy
        }

        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static bool IsShared(string? name) =>
        name is "Weft.Worker" || (name?.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) ?? false);
}
