using System.ComponentModel;

namespace Weft.Samples.Tasks;

public sealed record ReportingResult([property: Description("How many seconds the task ran.")] int SecondsRun);
