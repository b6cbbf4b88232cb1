namespace Weft.Bench.Suite;

/// <summary>One of the goals, checked against this run's figures.</summary>
/// <param name="Passed">Null when the run has no figure to check it with.</param>
public sealed record Goal(string Name, string Target, string Measured, bool? Passed, string? Note = null)
{
    public string Result => Passed switch
    {
        true => "PASS",
        false => "FAIL",
        null => "n/a",
    };
}
