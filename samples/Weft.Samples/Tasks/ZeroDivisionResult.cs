using System.ComponentModel;

namespace Weft.Samples.Tasks;

public sealed record ZeroDivisionResult([property: Description("numerator / denominator, rounded towards zero.")] int Quotient);
