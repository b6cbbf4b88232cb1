using Weft.Engine.UserTasks;

namespace Weft.Server.GraphQL;

internal sealed class UserTaskPageType() : PageType<UserTask, UserTaskType>("UserTaskPage");
