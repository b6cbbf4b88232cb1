using System.ComponentModel;

namespace Weft.Samples.Tasks;

public sealed record DoubleResult(
    [property: Description("Twice the input value.")] long Value,
    [property: Description("Twice the input amount.")] double Amount);
