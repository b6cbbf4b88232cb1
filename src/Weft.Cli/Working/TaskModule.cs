using System.Reflection;
using Weft.Worker.Tasks;

namespace Weft.Cli.Working;

/// <summary>A task module loaded from its file: the assembly and its tasks.</summary>
internal sealed record TaskModule(string Path, Assembly Assembly, IReadOnlyList<TaskMethod> Tasks)
{
    /// <summary>Loads <paramref name="path"/> in a context of its own; a file that cannot be a module throws <see cref="FormatException"/> saying why.</summary>
    public static TaskModule Load(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new FormatException($"--module {fullPath} is a directory. Pass the module's .dll, e.g. {System.IO.Path.Combine(fullPath, "Tasks.dll")}.");
        }

        if (!File.Exists(fullPath))
        {
            throw new FormatException($"--module {fullPath} does not exist. Pass the path of a .NET assembly (.dll) with [WeftTask] methods, e.g. bin/Release/net10.0/MyTasks.dll.");
        }

        Assembly assembly;
        try
        {
            assembly = new ModuleLoadContext(fullPath).LoadFromAssemblyPath(fullPath);
        }
        catch (BadImageFormatException)
        {
            throw new FormatException($"--module {fullPath} is not a .NET assembly. Pass the .dll that `dotnet build` makes of your task project.");
        }
        catch (FileLoadException ex)
        {
            throw new FormatException($"--module {fullPath} cannot be loaded ({Errors.Reason(ex)}).");
        }

        IReadOnlyList<TaskMethod> tasks;
        try
        {
            tasks = TaskMethod.FindIn(assembly);
        }
        catch (TaskDefinitionException ex)
        {
            throw new FormatException($"{System.IO.Path.GetFileName(fullPath)}: {Errors.OneLine(ex.Message)}");
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            var reason = ex is ReflectionTypeLoadException load && load.LoaderExceptions.FirstOrDefault(e => e is not null) is { } first ? first : ex;
            throw new FormatException(
                $"the types of {fullPath} cannot be loaded ({Errors.Reason(reason)}). Put its dependencies next to it: build it with <EnableDynamicLoading>true</EnableDynamicLoading>, or pass the output of `dotnet publish`.");
        }

        return tasks.Count > 0
            ? new TaskModule(fullPath, assembly, tasks)
            : throw new FormatException($"{fullPath} has no tasks: mark public methods of a public class with [WeftTask(\"name\")] (from Weft.Worker.Tasks).");
    }
}
