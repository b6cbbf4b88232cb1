using System.Text.Json.Nodes;

namespace Weft.Server.Jobs;

/// <summary>
/// One entry of a batched <c>POST /v1/jobs/complete|fail|heartbeat|progress</c>: the job and what the single-job route
/// takes in its body (<c>variables</c> to complete; <c>errorMessage</c> and <c>retryable</c> to fail; <c>percent</c>
/// and <c>message</c> to report progress).
/// </summary>
internal sealed record JobAcknowledgement
{
    public string? JobId { get; set; }

    public string? WorkerId { get; set; }

    public JsonObject? Variables { get; set; }

    public string? ErrorMessage { get; set; }

    public bool? Retryable { get; set; }

    public double? Percent { get; set; }

    public string? Message { get; set; }
}
