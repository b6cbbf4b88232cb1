using Weft.Engine.Definitions;

namespace Weft.Server.GraphQL;

internal sealed class DefinitionPageType() : PageType<WorkflowDefinition, DefinitionType>("DefinitionPage");
