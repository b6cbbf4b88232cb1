using Weft.Engine.Instances;

namespace Weft.Server.GraphQL;

internal sealed class InstancePageType() : PageType<WorkflowInstance, InstanceType>("InstancePage");
