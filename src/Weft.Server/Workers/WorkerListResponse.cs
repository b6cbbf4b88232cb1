using Weft.Engine.Workers;

namespace Weft.Server.Workers;

internal sealed record WorkerListResponse(IReadOnlyList<SeenWorker> Items);
