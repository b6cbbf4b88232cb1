using System.Globalization;

namespace Weft.Fuzz.Tests.Support;

/// <summary>Seeds and case counts of the fuzz runs, with the environment variables that change them.</summary>
public static class FuzzSettings
{
    /// <summary>The seed of the deterministic run.</summary>
    public const int FixedSeed = 20261130;

    /// <summary>Replays a failure: the seed for the <see cref="SeedMode.Random"/> runs instead of a new one.</summary>
    public const string SeedVariable = "WEFT_FUZZ_SEED";

    /// <summary>Multiplies every case count, e.g. 10 for a longer local run.</summary>
    public const string ScaleVariable = "WEFT_FUZZ_SCALE";

    public static (int Seed, string Origin) SeedFor(SeedMode mode)
    {
        if (mode == SeedMode.Fixed)
        {
            return (FixedSeed, "the fixed seed");
        }

        var text = Environment.GetEnvironmentVariable(SeedVariable);
        if (!string.IsNullOrWhiteSpace(text))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
                ? (seed, $"{SeedVariable}")
                : throw new InvalidOperationException($"{SeedVariable}='{text}' is not a whole number.");
        }

        return (System.Random.Shared.Next(), "a new random seed");
    }

    /// <summary>The number of cases to run: <paramref name="count"/> times <c>WEFT_FUZZ_SCALE</c> (default 1).</summary>
    public static int Cases(int count)
    {
        var text = Environment.GetEnvironmentVariable(ScaleVariable);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? Math.Max(1, (int)(count * scale))
            : count;
    }
}
