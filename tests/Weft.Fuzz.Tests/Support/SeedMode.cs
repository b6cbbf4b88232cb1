namespace Weft.Fuzz.Tests.Support;

/// <summary>Which seed a fuzz run uses: the same one every time (CI), or a new one each run (printed, replayable).</summary>
public enum SeedMode
{
    Fixed,
    Random,
}
