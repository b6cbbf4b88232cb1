using Weft.Worker.Tasks;

namespace Weft.Worker.Hosting;

/// <summary>The task methods one <see cref="WeftWorkerBuilder.AddTasks(Type)"/> call added (a service, so that several calls add up).</summary>
internal sealed record WeftWorkerTasks(IReadOnlyList<TaskMethod> Tasks);
