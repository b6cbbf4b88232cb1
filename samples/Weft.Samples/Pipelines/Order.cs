namespace Weft.Samples.Pipelines;

/// <summary>A token of the order-review pipeline: one order of the instance's <c>orders</c> variable.</summary>
public sealed class Order
{
    public string Id { get; set; } = "";

    public decimal Amount { get; set; }

    /// <summary><c>new</c>, then <c>rejected</c> or <c>accepted</c>.</summary>
    public string Status { get; set; } = "new";

    public decimal Fee { get; set; }
}
