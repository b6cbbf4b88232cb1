using System.Text.Json.Nodes;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Steps;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;
using Weft.Engine.Variables;

namespace Weft.Engine.Advancing;

/// <summary>
/// The one place that moves an instance: it applies a <see cref="Trigger"/> to an <see cref="InstanceState"/>, keeps
/// entering steps while they decide on their own (decisions, transformations, gateways, end), and stops where every
/// token waits. It writes nothing itself: the state records the changes, and what other instances must do (a child
/// to start, a parent to notify) comes back as <see cref="FollowUp"/>s. It is also the only code that sets an
/// instance's status.
/// </summary>
internal sealed class InstanceAdvancer(TimeProvider time, WeftEngineOptions options)
{
    /// <summary>Applies <paramref name="trigger"/>; throws a <see cref="WeftException"/> (and changes nothing that is kept) when it does not fit the instance's state.</summary>
    public AdvanceOutcome Advance(InstanceState state, Trigger trigger)
    {
        var pass = new Pass(state, time.UtcNowMillis(), options);
        pass.Handle(trigger);
        return new AdvanceOutcome(pass.FollowUps);
    }

    /// <summary>One call of <see cref="Advance"/>: the state, the moment, and what the pass has done so far.</summary>
    private sealed class Pass(InstanceState state, DateTimeOffset now, WeftEngineOptions options)
    {
        private int _stepsEntered;

        public List<FollowUp> FollowUps { get; } = [];

        private WorkflowInstance Instance => state.Instance;

        private WorkflowDefinition Definition => state.Definition;

        public void Handle(Trigger trigger)
        {
            try
            {
                Dispatch(trigger);
            }
            catch (StepBudgetExceededException ex)
            {
                FailToken(ex.Token, ex.Step, state.RunningExecutionOf(ex.Token),
                    $"The instance went through {options.MaxStepsPerAdvance} steps without waiting for anything (it was entering step '{ex.Step.Id}'). A DECISION probably loops forever; check its conditions.");
            }

            FinishPass();
        }

        private void Dispatch(Trigger trigger)
        {
            switch (trigger)
            {
                case Trigger.Start:
                    var first = Definition.Steps[0];
                    EnterStep(NewToken(first.Id, parentTokenId: null, forkId: null), first);
                    break;
                case Trigger.JobCompleted completed:
                    CompleteJob(completed);
                    break;
                case Trigger.JobFailed failed:
                    FailJob(failed);
                    break;
                case Trigger.UserTaskCompleted done:
                    CompleteUserTask(done);
                    break;
                case Trigger.SignalReceived signal:
                    ReceiveSignal(signal);
                    break;
                case Trigger.TimerFired fired:
                    FireTimer(fired.TimerId);
                    break;
                case Trigger.ChildFinished child:
                    FinishChild(child);
                    break;
                case Trigger.Cancel cancel:
                    CancelInstance(cancel);
                    break;
                case Trigger.Suspend:
                    SuspendInstance();
                    break;
                case Trigger.Resume:
                    ResumeInstance();
                    break;
                case Trigger.Retry:
                    RetryInstance();
                    break;
                case Trigger.VariablesSet set:
                    SetVariables(set.Variables);
                    break;
                case Trigger.RunNow run:
                    RunNow(run.StepId);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown trigger {trigger.GetType().Name}.");
            }
        }

        // ---- triggers -------------------------------------------------------------------------------------------

        private void CompleteJob(Trigger.JobCompleted trigger)
        {
            var job = OpenJob(trigger.JobId);
            var token = TokenOf(job.TokenId);
            state.Jobs.Put(job with { Status = JobStatus.Completed, CompletionHash = trigger.CompletionHash });
            CloseExecution(state.Executions.Find(job.StepExecutionId), StepExecutionStatus.Completed, trigger.Output);
            Merge(trigger.Output);
            ResumeStep(token, Step(job.StepId), payload: null);
        }

        private void FailJob(Trigger.JobFailed trigger)
        {
            var job = OpenJob(trigger.JobId);
            var token = TokenOf(job.TokenId);
            var step = Step(job.StepId);
            var execution = state.Executions.Find(job.StepExecutionId);
            if (trigger.Retryable && job.RetriesRemaining > 0 && execution is not null)
            {
                CloseExecution(execution, StepExecutionStatus.Failed, reason: trigger.Reason);
                var next = NewExecution(token, step, execution.AttemptNumber + 1);
                state.Jobs.Put(job with
                {
                    Status = JobStatus.Unlocked,
                    StepExecutionId = next.Id,
                    RetriesRemaining = job.RetriesRemaining - 1,
                    RunAt = now + ServiceTaskStep.DelayBeforeRetry(step, execution.AttemptNumber, options),
                    Held = IsPaused,

                    // After an expired lease the worker is remembered, so that its late completion can still be
                    // taken while no other worker has the job (see JobService).
                    WorkerId = trigger.LeaseExpired ? job.WorkerId : null,
                    LockToken = null,
                    LockedAt = null,
                    LockExpiresAt = null,
                    ClaimLease = null,
                    LastError = trigger.Reason,
                    Progress = null, // the next attempt reports its own
                });
                return;
            }

            state.Jobs.Put(job with { Status = JobStatus.Failed, LastError = trigger.Reason });
            var why = trigger.Retryable
                ? $"Step '{step.Id}' failed after {execution?.AttemptNumber ?? 1} attempt(s): {trigger.Reason}"
                : $"Step '{step.Id}' failed with a non-retryable error: {trigger.Reason}";
            FailToken(token, step, execution, why, executionReason: trigger.Reason);
        }

        private void CompleteUserTask(Trigger.UserTaskCompleted trigger)
        {
            var task = state.UserTasks.Find(trigger.TaskId) is { Status: UserTaskStatus.Open } open
                ? open
                : throw new InvalidOperationException($"User task {trigger.TaskId} is not open in the loaded state.");
            var token = TokenOf(task.TokenId);
            state.UserTasks.Put(task with
            {
                Status = UserTaskStatus.Completed,
                CompletedAt = now,
                CompletedBy = trigger.CompletedBy,
                Result = trigger.Result,
            });
            CloseExecution(state.Executions.Find(task.StepExecutionId), StepExecutionStatus.Completed, trigger.Result);
            Merge(trigger.Result);
            ResumeStep(token, Step(task.StepId), payload: null);
        }

        private void ReceiveSignal(Trigger.SignalReceived trigger)
        {
            var step = Definition.FindStep(trigger.StepId)
                ?? throw WeftException.NotFound($"Step '{trigger.StepId}' is not a step of definition '{Definition.Id}' version {Definition.Version}.");
            if (step.Type != StepTypes.Wait)
            {
                throw WeftException.Conflict($"Step '{step.Id}' is a {step.Type}, not a WAIT step; only WAIT steps take signals.");
            }

            var token = state.LiveTokens.FirstOrDefault(t => t.StepId == step.Id && t.Status == TokenStatus.Waiting)
                ?? throw WeftException.Conflict(
                    $"Instance '{Instance.Id}' is not waiting at step '{step.Id}': it is {Describe(Instance)}. A signal is taken only while the instance waits at that WAIT step.");
            CloseExecution(state.RunningExecutionOf(token), StepExecutionStatus.Completed, trigger.Variables);
            Merge(trigger.Variables);
            ResumeStep(token, step, payload: null);
        }

        private void FireTimer(string timerId)
        {
            if (state.Timers.Find(timerId) is not { Status: TimerStatus.Scheduled } timer)
            {
                return; // fired or cancelled meanwhile
            }

            state.Timers.Put(timer with { Status = TimerStatus.Fired });
            if (state.Tokens.Find(timer.TokenId) is not { IsLive: true } token || token.StepId != timer.StepId)
            {
                return; // its step is over; it should have been cancelled with it
            }

            var step = Step(timer.StepId);
            if (timer.Kind == TimerKind.Step)
            {
                CloseExecution(state.RunningExecutionOf(token), StepExecutionStatus.Completed);
                ResumeStep(token, step, payload: null);
                return;
            }

            var target = Step(timer.TargetStepId!);
            if (timer.Interrupting)
            {
                var why = $"Interrupted by its boundary timer after {BoundaryDuration(step, timer)}; the instance went on at '{target.Id}'.";
                EndAttachments(token, why, StepExecutionStatus.Cancelled);
                EnterStep(token, target);
            }
            else
            {
                // A path of its own beside the step, in the same branch (it counts at the branch's join).
                var spawned = NewToken(target.Id, token.ParentTokenId, token.ForkId);
                EnterStep(spawned, target);
            }
        }

        private void FinishChild(Trigger.ChildFinished trigger)
        {
            if (state.Tokens.Find(trigger.TokenId) is not { Status: TokenStatus.Waiting } token
                || Definition.FindStep(token.StepId) is not { Type: StepTypes.SubWorkflow } step)
            {
                return; // the step is over (interrupted, cancelled or failed): the child's end changes nothing
            }

            var execution = state.RunningExecutionOf(token);
            if (trigger.Status == InstanceStatus.Completed)
            {
                Apply(token, step, execution, StepRegistry.For(step).Resume(Context(step), trigger.Variables));
                return;
            }

            var what = trigger.Status == InstanceStatus.Failed ? "failed" : "was cancelled";
            FailToken(token, step, execution, $"Step '{step.Id}': sub-workflow instance '{trigger.ChildInstanceId}' {what}: {trigger.Reason}");
        }

        private void CancelInstance(Trigger.Cancel trigger)
        {
            if (IsOver)
            {
                throw WeftException.Conflict(
                    $"Instance '{Instance.Id}' is already {Name(Instance.Status)}; only instances that are not COMPLETED or CANCELLED can be cancelled.");
            }

            var reason = string.IsNullOrWhiteSpace(trigger.Reason) ? "Cancelled." : FreeText.Shorten(trigger.Reason);
            EndAllPaths(reason);
            SetStatus(InstanceStatus.Cancelled, reason);
            if (Instance.ParentInstanceId is { } parent && !trigger.ByParent)
            {
                FollowUps.Add(new FollowUp.NotifyParent(parent, Instance.ParentTokenId!, Instance.Id, InstanceStatus.Cancelled, Instance.Variables, reason));
            }
        }

        private void SuspendInstance()
        {
            if (Instance.Status is not (InstanceStatus.Active or InstanceStatus.Waiting))
            {
                throw WeftException.Conflict($"Instance '{Instance.Id}' is {Name(Instance.Status)}; only ACTIVE or WAITING instances can be suspended.");
            }

            SetStatus(InstanceStatus.Suspended);
            HoldJobs(held: true);
        }

        private void ResumeInstance()
        {
            if (Instance.Status != InstanceStatus.Suspended)
            {
                throw WeftException.Conflict($"Instance '{Instance.Id}' is {Name(Instance.Status)}, not SUSPENDED; there is nothing to resume.");
            }

            SetStatus(InstanceStatus.Active); // recomputed as ACTIVE or WAITING when the pass finishes
            HoldJobs(held: false);
            FireDueTimers();
        }

        private void RetryInstance()
        {
            if (Instance.Status != InstanceStatus.Failed)
            {
                throw WeftException.Conflict($"Instance '{Instance.Id}' is {Name(Instance.Status)}; only FAILED instances can be retried.");
            }

            // The failed steps run again, and paths that reached an END while the instance was failed end it now.
            var again = state.Tokens.Items
                .Where(t => t.Status == TokenStatus.Failed || (t.Status == TokenStatus.Waiting && Step(t.StepId).Type == StepTypes.End))
                .ToList();
            SetInstance(Instance with { Status = InstanceStatus.Active, FailureReason = null, CompletedAt = null });
            HoldJobs(held: false);
            foreach (var token in again)
            {
                EnterStep(token, Step(token.StepId));
            }

            FireDueTimers();
        }

        // ---- moving tokens --------------------------------------------------------------------------------------

        private void SetVariables(JsonObject variables)
        {
            if (Instance.IsFinished)
            {
                throw WeftException.Conflict($"Instance '{Instance.Id}' is {Upper(Instance.Status)}; the variables of a finished instance no longer change.");
            }

            Merge(variables);
        }

        private void RunNow(string stepId)
        {
            if (Instance.Status is not (InstanceStatus.Active or InstanceStatus.Waiting))
            {
                throw WeftException.Conflict(
                    $"Instance '{Instance.Id}' is {Upper(Instance.Status)}; only the steps of a running instance can be triggered{(Instance.Status == InstanceStatus.Suspended ? " (resume it first)" : "")}.");
            }

            var step = Definition.Steps.FirstOrDefault(s => s.Id == stepId)
                ?? throw WeftException.NotFound($"Definition '{Definition.Id}' has no step '{stepId}'.");
            var tokens = state.LiveTokens.Where(t => t.StepId == stepId && t.Status is TokenStatus.Active or TokenStatus.Waiting).ToList();
            if (tokens.Count == 0)
            {
                throw WeftException.Conflict(
                    $"No path of instance '{Instance.Id}' is at step '{stepId}' (it is at {string.Join(", ", Instance.CurrentStepIds.Select(s => $"'{s}'"))}); only a waiting step can be triggered.");
            }

            var triggered = false;
            foreach (var token in tokens)
            {
                foreach (var job in state.Jobs.Items.Where(j => j.TokenId == token.Id && j.Status == JobStatus.Unlocked && j.RunAt > now).ToList())
                {
                    state.Jobs.Put(job with { RunAt = now });
                    triggered = true;
                }

                foreach (var timer in state.Timers.Items.Where(t => t.TokenId == token.Id && t.Kind == TimerKind.Step && t.Status == TimerStatus.Scheduled).ToList())
                {
                    FireTimer(timer.Id);
                    triggered = true;
                }
            }

            if (!triggered)
            {
                throw WeftException.Conflict(step.Type switch
                {
                    StepTypes.Wait => $"Step '{stepId}' is a WAIT step: it needs a signal, not a trigger. Send one with the signal command.",
                    StepTypes.UserTask => $"Step '{stepId}' is a USER_TASK step: it needs its task completed, not a trigger. Use the complete-task command.",
                    StepTypes.SubWorkflow => $"Step '{stepId}' waits for its sub-workflow instance to finish; trigger that instance's steps instead.",
                    _ when state.Jobs.Items.Any(j => tokens.Any(t => t.Id == j.TokenId) && j.Status == JobStatus.Locked) =>
                        $"Step '{stepId}' is running already: a worker holds its job.",
                    _ when state.Jobs.Items.Any(j => tokens.Any(t => t.Id == j.TokenId) && j.Status == JobStatus.Unlocked) =>
                        $"Step '{stepId}' is ready already: its job waits for a worker to poll (unless the step is held; release it).",
                    _ => $"Step '{stepId}' has nothing waiting that a trigger can start.",
                });
            }
        }

        private static string Upper(InstanceStatus status) => status.ToString().ToUpperInvariant();

        private void EnterStep(Token token, StepDefinition step)
        {
            if (IsOver)
            {
                return; // an END on another path ended the instance during this pass
            }

            if (Instance.Status == InstanceStatus.Failed && step.Type == StepTypes.End)
            {
                // A failed instance does not complete behind its failure: the path waits at the END until a retry.
                PutToken(token with { StepId = step.Id, Status = TokenStatus.Waiting });
                return;
            }

            if (++_stepsEntered > options.MaxStepsPerAdvance)
            {
                throw new StepBudgetExceededException(token, step);
            }

            token = PutToken(token with { StepId = step.Id, Status = TokenStatus.Active });
            var execution = NewExecution(token, step, attemptNumber: 1);
            Apply(token, step, execution, StepRegistry.For(step).Enter(Context(step)));
        }

        private void ResumeStep(Token token, StepDefinition step, JsonObject? payload) =>
            Apply(token, step, state.RunningExecutionOf(token), StepRegistry.For(step).Resume(Context(step), payload));

        private void Apply(Token token, StepDefinition step, StepExecution? execution, StepDecision decision)
        {
            switch (decision)
            {
                case StepDecision.Continue go:
                    CloseExecution(execution, StepExecutionStatus.Completed, go.Output);
                    Merge(go.Output);
                    CancelTimersOf(token);
                    EnterStep(token, Step(go.NextStepId));
                    break;
                case StepDecision.CreateJob job:
                    state.Jobs.Put(new Job
                    {
                        Id = Ids.New(),
                        InstanceId = Instance.Id,
                        TokenId = token.Id,
                        StepExecutionId = execution!.Id,
                        StepId = step.Id,
                        JobType = job.JobType,
                        Status = JobStatus.Unlocked,
                        RetriesRemaining = job.Retries,
                        RunAt = now,
                        Held = IsPaused,
                        LeaseDuration = job.Lease,
                        CreatedAt = now,
                    });
                    Park(token, step, TokenStatus.Active);
                    break;
                case StepDecision.OpenUserTask task:
                    state.UserTasks.Put(new UserTask
                    {
                        Id = Ids.New(),
                        InstanceId = Instance.Id,
                        TokenId = token.Id,
                        StepId = step.Id,
                        StepExecutionId = execution!.Id,
                        Name = step.Name,
                        Status = UserTaskStatus.Open,
                        Assignee = task.Assignee,
                        CandidateGroups = task.CandidateGroups,
                        CreatedAt = now,
                    });
                    Park(token, step, TokenStatus.Waiting);
                    break;
                case StepDecision.AwaitSignal:
                    Park(token, step, TokenStatus.Waiting);
                    break;
                case StepDecision.ScheduleTimer timer:
                    Schedule(token, step, TimerKind.Step, timer.DueAt, target: null, interrupting: false);
                    PutToken(token with { Status = TokenStatus.Waiting });
                    break;
                case StepDecision.StartChild child:
                    FollowUps.Add(new FollowUp.StartChild(Instance.Id, token.Id, step.Id, child.DefinitionId, child.Version, child.Variables, Instance.BusinessKey));
                    Park(token, step, TokenStatus.Waiting);
                    break;
                case StepDecision.Fork fork:
                    CloseExecution(execution, StepExecutionStatus.Completed);
                    var forkId = Ids.New();
                    PutToken(token with { Status = TokenStatus.Forked, AwaitedForkId = forkId });
                    var branches = fork.BranchStepIds.Select(id => (Token: NewToken(id, token.Id, forkId), Step: Step(id))).ToList();
                    foreach (var (branch, first) in branches)
                    {
                        EnterStep(branch, first);
                    }

                    break;
                case StepDecision.Arrive:
                    CloseExecution(execution, StepExecutionStatus.Completed);
                    Join(PutToken(token with { Status = TokenStatus.Arrived }), step);
                    break;
                case StepDecision.Complete:
                    CloseExecution(execution, StepExecutionStatus.Completed);
                    PutToken(token with { Status = TokenStatus.Completed });
                    CompleteInstance(step);
                    break;
                case StepDecision.Fail fail:
                    FailToken(token, step, execution, fail.Reason);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown step decision {decision.GetType().Name}.");
            }
        }

        /// <summary>The token waits at <paramref name="step"/>; its boundary timers start now.</summary>
        private void Park(Token token, StepDefinition step, TokenStatus status)
        {
            PutToken(token with { Status = status });
            foreach (var boundary in step.BoundaryEvents ?? [])
            {
                if (IsoDuration.TryParse(boundary.Duration, out var after))
                {
                    Schedule(token, step, TimerKind.Boundary, now + after, boundary.TargetStepId, boundary.Interrupting);
                }
            }
        }

        /// <summary>
        /// A branch arrived at its join. The join goes on, once, when no branch of the same gateway activation is
        /// still on its way: the gateway's token continues after the join and the branches end.
        /// </summary>
        private void Join(Token arrived, StepDefinition join)
        {
            var parent = arrived.ParentTokenId is { } parentId ? state.Tokens.Find(parentId) : null;
            var gateway = parent is null ? null : Definition.FindStep(parent.StepId);
            if (parent is not { Status: TokenStatus.Forked } || parent.AwaitedForkId != arrived.ForkId || gateway?.JoinStep != join.Id)
            {
                FailToken(arrived, join, execution: null,
                    $"A path reached JOIN_GATEWAY '{join.Id}' without coming from a branch of its PARALLEL_GATEWAY; there is nothing for it to join.");
                return;
            }

            var branches = state.Tokens.Items.Where(t => t.ForkId == arrived.ForkId).ToList();
            if (branches.Any(b => b.IsLive && b.Status != TokenStatus.Arrived))
            {
                return;
            }

            foreach (var branch in branches.Where(b => b.Status == TokenStatus.Arrived))
            {
                PutToken(branch with { Status = TokenStatus.Completed });
            }

            var continuing = PutToken(parent with { Status = TokenStatus.Active, AwaitedForkId = null, StepId = join.Id });
            ResumeStep(continuing, join, payload: null);
        }

        private void FailToken(Token token, StepDefinition step, StepExecution? execution, string reason, string? executionReason = null)
        {
            CloseExecution(execution, StepExecutionStatus.Failed, reason: executionReason ?? reason);
            PutToken(token with { Status = TokenStatus.Failed, StepId = step.Id });
            CancelTimersOf(token);
            if (IsOver || Instance.Status == InstanceStatus.Failed)
            {
                return;
            }

            SetStatus(InstanceStatus.Failed, reason);
            HoldJobs(held: true);
            if (Instance.ParentInstanceId is { } parent)
            {
                FollowUps.Add(new FollowUp.NotifyParent(parent, Instance.ParentTokenId!, Instance.Id, InstanceStatus.Failed, Instance.Variables, reason));
            }
        }

        private void CompleteInstance(StepDefinition end)
        {
            EndAllPaths($"The instance completed at step '{end.Id}' on another path.");
            SetInstance(Instance with { CurrentStepIds = [end.Id] });
            SetStatus(InstanceStatus.Completed);
            if (Instance.ParentInstanceId is { } parent)
            {
                FollowUps.Add(new FollowUp.NotifyParent(parent, Instance.ParentTokenId!, Instance.Id, InstanceStatus.Completed, Instance.Variables, null));
            }

            if (Definition.AutoStartNextWorkflow && Definition.NextWorkflowId is { } next)
            {
                FollowUps.Add(new FollowUp.StartNext(Instance.Id, next, Instance.Variables, Instance.BusinessKey));
            }
        }

        /// <summary>Ends every live token and what it waits on: open jobs, user tasks, timers, child instances.</summary>
        private void EndAllPaths(string why)
        {
            foreach (var token in state.Tokens.Items.Where(t => t.IsLive || t.Status == TokenStatus.Failed).ToList())
            {
                EndAttachments(token, why, StepExecutionStatus.Cancelled);
                PutToken(token with { Status = TokenStatus.Cancelled });
            }

            foreach (var job in state.Jobs.Items.Where(j => j.IsOpen).ToList())
            {
                state.Jobs.Put(job with { Status = JobStatus.Cancelled, LastError = why });
            }
        }

        /// <summary>Ends what <paramref name="token"/> waits on at its step: its job, user task, timers, child instance and running execution.</summary>
        private void EndAttachments(Token token, string why, StepExecutionStatus executionStatus)
        {
            foreach (var job in state.Jobs.Items.Where(j => j.TokenId == token.Id && j.IsOpen).ToList())
            {
                state.Jobs.Put(job with { Status = JobStatus.Cancelled, LastError = why });
            }

            foreach (var task in state.UserTasks.Items.Where(t => t.TokenId == token.Id && t.Status == UserTaskStatus.Open).ToList())
            {
                state.UserTasks.Put(task with { Status = UserTaskStatus.Cancelled, CompletedAt = now });
            }

            if (Definition.FindStep(token.StepId) is { Type: StepTypes.SubWorkflow } && token.Status == TokenStatus.Waiting)
            {
                FollowUps.Add(new FollowUp.CancelChildren(Instance.Id, token.Id, why));
            }

            CancelTimersOf(token);
            CloseExecution(state.RunningExecutionOf(token), executionStatus, reason: why);
        }

        private void CancelTimersOf(Token token)
        {
            foreach (var timer in state.Timers.Items.Where(t => t.TokenId == token.Id && t.Status == TimerStatus.Scheduled).ToList())
            {
                state.Timers.Put(timer with { Status = TimerStatus.Cancelled });
            }
        }

        private void FireDueTimers()
        {
            foreach (var timer in state.Timers.Items.Where(t => t.Status == TimerStatus.Scheduled && t.DueAt <= now).OrderBy(t => t.DueAt).ToList())
            {
                FireTimer(timer.Id);
            }
        }

        /// <summary>Jobs of a suspended or failed instance are not handed out; running ones may still finish.</summary>
        private void HoldJobs(bool held)
        {
            foreach (var job in state.Jobs.Items.Where(j => j.Status == JobStatus.Unlocked && j.Held != held).ToList())
            {
                state.Jobs.Put(job with { Held = held });
            }
        }

        // ---- bookkeeping ----------------------------------------------------------------------------------------

        private bool IsPaused => Instance.Status is InstanceStatus.Suspended or InstanceStatus.Failed;

        /// <summary>Completed or cancelled: nothing moves any more (a FAILED instance can still be retried).</summary>
        private bool IsOver => Instance.Status is InstanceStatus.Completed or InstanceStatus.Cancelled;

        private void FinishPass()
        {
            if (!Instance.IsFinished && VariableDocument.SizeOf(Instance.Variables) > options.MaxVariablesBytes
                && state.LiveTokens.FirstOrDefault(t => t.Status != TokenStatus.Forked) is { } token)
            {
                FailToken(token, Step(token.StepId), state.RunningExecutionOf(token),
                    $"The instance's variables grew to {VariableDocument.SizeOf(Instance.Variables):N0} bytes as JSON, over the limit of {options.MaxVariablesBytes:N0}. Keep large data outside Weft.");
            }

            var status = Instance.Status switch
            {
                InstanceStatus.Active or InstanceStatus.Waiting =>
                    state.LiveTokens.Any(t => t.Status == TokenStatus.Active) ? InstanceStatus.Active : InstanceStatus.Waiting,
                _ => Instance.Status,
            };
            IReadOnlyList<string> current = Instance.Status == InstanceStatus.Completed
                ? Instance.CurrentStepIds
                : state.Tokens.Items.Where(t => t.Status is TokenStatus.Active or TokenStatus.Waiting or TokenStatus.Failed).Select(t => t.StepId).Distinct().ToList();
            if (IsOver && current.Count == 0)
            {
                current = Instance.CurrentStepIds;
            }

            SetInstance(Instance with { Status = status, CurrentStepIds = current, UpdatedAt = now });
        }

        private void SetStatus(InstanceStatus status, string? reason = null)
        {
            var finished = status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Cancelled;
            SetInstance(Instance with
            {
                Status = status,
                FailureReason = reason ?? (finished ? Instance.FailureReason : null),
                CompletedAt = finished ? now : null,
            });
        }

        private void SetInstance(WorkflowInstance instance) => state.SetInstance(instance);

        private void Merge(JsonObject? output)
        {
            if (output is { Count: > 0 })
            {
                SetInstance(Instance with { Variables = VariableDocument.Merge(Instance.Variables, output) });
            }
        }

        private Token NewToken(string stepId, string? parentTokenId, string? forkId) => PutToken(new Token
        {
            Id = Ids.New(),
            InstanceId = Instance.Id,
            StepId = stepId,
            Status = TokenStatus.Active,
            ParentTokenId = parentTokenId,
            ForkId = forkId,
            CreatedAt = now,
            UpdatedAt = now,
        });

        private Token PutToken(Token token)
        {
            var updated = token with { UpdatedAt = now };
            state.Tokens.Put(updated);
            return updated;
        }

        private StepExecution NewExecution(Token token, StepDefinition step, int attemptNumber)
        {
            var execution = new StepExecution
            {
                Id = Ids.New(),
                InstanceId = Instance.Id,
                TokenId = token.Id,
                StepId = step.Id,
                StepType = step.Type,
                Status = StepExecutionStatus.Running,
                AttemptNumber = attemptNumber,
                Input = step.Type == StepTypes.End ? null : Instance.Variables,
                StartedAt = now,
            };
            state.Executions.Put(execution);
            return execution;
        }

        private void CloseExecution(StepExecution? execution, StepExecutionStatus status, JsonObject? output = null, string? reason = null)
        {
            if (execution is { Status: StepExecutionStatus.Running })
            {
                state.Executions.Put(execution with { Status = status, Output = output, FailureReason = reason, EndedAt = now });
            }
        }

        private void Schedule(Token token, StepDefinition step, TimerKind kind, DateTimeOffset dueAt, string? target, bool interrupting) =>
            state.Timers.Put(new WorkflowTimer
            {
                Id = Ids.New(),
                InstanceId = Instance.Id,
                TokenId = token.Id,
                StepId = step.Id,
                Kind = kind,
                TargetStepId = target,
                Interrupting = interrupting,
                DueAt = dueAt,
                Status = TimerStatus.Scheduled,
                CreatedAt = now,
            });

        private StepContext Context(StepDefinition step) => new(step, Definition, Instance.Variables, now, options);

        private StepDefinition Step(string id) =>
            Definition.FindStep(id) ?? throw new InvalidOperationException($"Step '{id}' is missing from validated definition '{Definition.Id}'.");

        private Token TokenOf(string tokenId) =>
            state.Tokens.Find(tokenId) ?? throw new InvalidOperationException($"Token {tokenId} is not loaded with instance {Instance.Id}.");

        private Job OpenJob(string jobId) =>
            state.Jobs.Find(jobId) is { } job && job.IsOpen
                ? job
                : throw new InvalidOperationException($"Job {jobId} is not open in the loaded state of instance {Instance.Id}.");

        private static string BoundaryDuration(StepDefinition step, WorkflowTimer timer) =>
            step.BoundaryEvents?.FirstOrDefault(b => b.TargetStepId == timer.TargetStepId && b.Interrupting == timer.Interrupting)?.Duration ?? "its duration";

        private static string Describe(WorkflowInstance instance) =>
            instance.IsFinished || instance.CurrentStepIds.Count == 0
                ? Name(instance.Status)
                : $"{Name(instance.Status)} at {string.Join(", ", instance.CurrentStepIds.Select(s => $"'{s}'"))}";

        private static string Name(InstanceStatus status) => status.ToString().ToUpperInvariant();
    }

    private sealed class StepBudgetExceededException(Token token, StepDefinition step) : Exception
    {
        public Token Token { get; } = token;

        public StepDefinition Step { get; } = step;
    }
}
