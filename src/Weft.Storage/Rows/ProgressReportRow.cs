using Weft.Engine.Jobs;

namespace Weft.Storage.Rows;

internal sealed class ProgressReportRow
{
    public string JobId { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string StepExecutionId { get; set; } = "";
    public double Percent { get; set; }
    public string? Message { get; set; }
    public long ReportedAt { get; set; }

    public static ProgressReportRow From(ProgressReport r) => new()
    {
        JobId = r.JobId,
        InstanceId = r.InstanceId,
        StepExecutionId = r.StepExecutionId,
        Percent = r.Progress.Percent,
        Message = r.Progress.Message,
        ReportedAt = RowConvert.ToMillis(r.Progress.ReportedAt),
    };

    public ProgressReport ToReport() => new(JobId, InstanceId, StepExecutionId, new JobProgress(Percent, Message, RowConvert.FromMillis(ReportedAt)));
}
