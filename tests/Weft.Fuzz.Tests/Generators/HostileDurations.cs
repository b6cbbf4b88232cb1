namespace Weft.Fuzz.Tests.Generators;

/// <summary>ISO-8601 durations at the edges: zero, negative, tiny, huge enough to overflow a date, and garbage.</summary>
public static class HostileDurations
{
    /// <summary>(text, whether docs/definitions.md says it is not an ISO-8601 duration and must be refused).</summary>
    public static readonly IReadOnlyList<(string Text, bool NotIso)> All =
    [
        ("PT30S", false),
        ("PT5M", false),
        ("PT1H30M", false),
        ("P7D", false),
        ("PT0S", false),
        ("P0D", false),
        ("PT0.5S", false),
        ("PT0.001S", false),
        ("P1Y", false),
        ("P1M", false),
        ("P3000000D", false),
        ("P10675199D", false),
        ("P10675199DT2H48M5.4775807S", false),
        ("P10675200D", false),
        ("P99999999999999999999D", false),
        ("PT9999999999999999999S", false),
        ("-PT1S", false),
        ("-P10675199D", false),
        ("garbage", true),
        ("", true),
        ("P", true),
        ("PT", true),
        ("30", true),
        ("30s", true),
        ("pt30s", false),
        ("PT1,5S", false),
        (" PT1S", true),
        ("PT1S\u0000", true),
        ("P1W", false),
    ];

    /// <summary>Durations a server runs comfortably: the base of a valid definition.</summary>
    public static readonly IReadOnlyList<string> Valid = ["PT30S", "PT5M", "PT1H", "P1D"];
}
