using System.Diagnostics;
using System.Text.Json;

namespace Weft.Cli.Contact;

/// <summary>
/// <c>.weft/contact</c>: how the CLI finds the server started in a folder. Written whole or not at all (a temporary file
/// renamed over it), so a reader never sees half of it.
/// </summary>
internal static class ContactFile
{
    public const string ApiVersion = "1";
    public const string RelativePath = ".weft/contact";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathIn(string folder) => Path.Combine(Path.GetFullPath(folder), ".weft", "contact");

    public static void Write(string path, ContactInfo contact)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(contact, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The contact in <paramref name="path"/>; null when there is none. Throws <see cref="FormatException"/> for a file that is not one.</summary>
    public static ContactInfo? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            var contact = JsonSerializer.Deserialize<ContactInfo>(text, Json);
            return contact is { Url.Length: > 0, Pid: > 0 } ? contact : throw new FormatException($"the contact file {path} has no url or pid; delete it, or pass --server URL.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the contact file {path} is not a Weft contact file ({Errors.Reason(ex)}); delete it, or pass --server URL.", ex);
        }
    }

    /// <summary>Removes the file when it still names <paramref name="runId"/> (another server may have taken it over).</summary>
    public static void Remove(string path, string runId)
    {
        try
        {
            if (Read(path)?.RunId == runId)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // Nothing more to do: the next server takes over a stale file.
        }
    }

    /// <summary>The nearest <c>.weft/contact</c> in <paramref name="folder"/> or one of its parents; null when there is none.</summary>
    public static string? FindFrom(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            var path = PathIn(current.FullName);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The message for a contact file whose server is gone.</summary>
    public static string Stale(string path, int pid) =>
        $"the contact file {path} names process {pid}, which is not running: the server stopped without cleaning up; start it again (weft server) or delete the file.";
}
