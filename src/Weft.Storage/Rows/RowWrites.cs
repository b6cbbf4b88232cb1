using Weft.Engine.Storage;

namespace Weft.Storage.Rows;

/// <summary>
/// The statements that write what an advance changed, the same on both stores, each with the row that gives its
/// <c>@Name</c> parameters. Job updates are not among them: each store guards them in its own SQL and checks that
/// each found its row.
/// </summary>
internal static class RowWrites
{
    private const string InsertInstance = """
        INSERT INTO instances (id, definition_id, definition_version, status, business_key, variables, current_step_ids,
                               failure_reason, parent_instance_id, parent_token_id, created_at, updated_at, completed_at)
        VALUES (@Id, @DefinitionId, @DefinitionVersion, @Status, @BusinessKey, @Variables, @CurrentStepIds,
                @FailureReason, @ParentInstanceId, @ParentTokenId, @CreatedAt, @UpdatedAt, @CompletedAt)
        """;

    private const string UpdateInstance = """
        UPDATE instances SET status = @Status, variables = @Variables, current_step_ids = @CurrentStepIds,
               failure_reason = @FailureReason, updated_at = @UpdatedAt, completed_at = @CompletedAt
        WHERE id = @Id
        """;

    private const string InsertToken = """
        INSERT INTO tokens (id, instance_id, step_id, status, parent_token_id, fork_id, awaited_fork_id, created_at, updated_at)
        VALUES (@Id, @InstanceId, @StepId, @Status, @ParentTokenId, @ForkId, @AwaitedForkId, @CreatedAt, @UpdatedAt)
        """;

    private const string UpdateToken =
        "UPDATE tokens SET step_id = @StepId, status = @Status, awaited_fork_id = @AwaitedForkId, updated_at = @UpdatedAt WHERE id = @Id";

    private const string InsertExecution = """
        INSERT INTO step_executions (id, instance_id, token_id, step_id, step_type, status, attempt, input, output, failure_reason,
                                     started_at, completed_at)
        VALUES (@Id, @InstanceId, @TokenId, @StepId, @StepType, @Status, @Attempt, @Input, @Output, @FailureReason, @StartedAt, @CompletedAt)
        """;

    private const string UpdateExecution =
        "UPDATE step_executions SET status = @Status, output = @Output, failure_reason = @FailureReason, completed_at = @CompletedAt WHERE id = @Id";

    private const string InsertJob = """
        INSERT INTO jobs (id, instance_id, token_id, step_execution_id, step_id, job_type, status, worker_id, lock_token, locked_at,
                          lock_expires_at, retries_remaining, run_at, held, lease_ms, claim_lease_ms, last_error, completion_hash, created_at,
                          progress_percent, progress_message, progress_at)
        VALUES (@Id, @InstanceId, @TokenId, @StepExecutionId, @StepId, @JobType, @Status, @WorkerId, @LockToken, @LockedAt,
                @LockExpiresAt, @RetriesRemaining, @RunAt, @Held, @LeaseMs, @ClaimLeaseMs, @LastError, @CompletionHash, @CreatedAt,
                @ProgressPercent, @ProgressMessage, @ProgressAt)
        """;

    private const string InsertUserTask = """
        INSERT INTO user_tasks (id, instance_id, token_id, step_id, step_execution_id, name, status, assignee, candidate_groups,
                                created_at, completed_at, completed_by, result)
        VALUES (@Id, @InstanceId, @TokenId, @StepId, @StepExecutionId, @Name, @Status, @Assignee, @CandidateGroups,
                @CreatedAt, @CompletedAt, @CompletedBy, @Result)
        """;

    private const string UpdateUserTask =
        "UPDATE user_tasks SET status = @Status, completed_at = @CompletedAt, completed_by = @CompletedBy, result = @Result WHERE id = @Id";

    private const string InsertTimer = """
        INSERT INTO timers (id, instance_id, token_id, step_id, kind, target_step_id, interrupting, due_at, status, created_at)
        VALUES (@Id, @InstanceId, @TokenId, @StepId, @Kind, @TargetStepId, @Interrupting, @DueAt, @Status, @CreatedAt)
        """;

    private const string UpdateTimer = "UPDATE timers SET status = @Status WHERE id = @Id";

    /// <summary>Every write of <paramref name="changes"/> but the job updates, in an order that any store may keep.</summary>
    public static IEnumerable<(string Sql, object Row)> Of(InstanceChanges changes)
    {
        if (changes.InsertedInstance is { } inserted)
        {
            yield return (InsertInstance, InstanceRow.From(inserted));
        }

        if (changes.UpdatedInstance is { } updated)
        {
            yield return (UpdateInstance, InstanceRow.From(updated));
        }

        foreach (var token in changes.InsertedTokens)
        {
            yield return (InsertToken, TokenRow.From(token));
        }

        foreach (var token in changes.UpdatedTokens)
        {
            yield return (UpdateToken, TokenRow.From(token));
        }

        foreach (var execution in changes.InsertedExecutions)
        {
            yield return (InsertExecution, StepExecutionRow.From(execution));
        }

        foreach (var execution in changes.UpdatedExecutions)
        {
            yield return (UpdateExecution, StepExecutionRow.From(execution));
        }

        foreach (var job in changes.InsertedJobs)
        {
            yield return (InsertJob, JobRow.From(job));
        }

        foreach (var task in changes.InsertedUserTasks)
        {
            yield return (InsertUserTask, UserTaskRow.From(task));
        }

        foreach (var task in changes.UpdatedUserTasks)
        {
            yield return (UpdateUserTask, UserTaskRow.From(task));
        }

        foreach (var timer in changes.InsertedTimers)
        {
            yield return (InsertTimer, TimerRow.From(timer));
        }

        foreach (var timer in changes.UpdatedTimers)
        {
            yield return (UpdateTimer, TimerRow.From(timer));
        }
    }
}
