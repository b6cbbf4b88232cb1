using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Weft.Engine.Storage;

namespace Weft.Engine.Definitions;

/// <summary>Uploads and versions definitions. A stored version never changes, so versions are cached once read.</summary>
public sealed class DefinitionService(IWeftStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Id, int Version), WorkflowDefinition> _versions = new();

    /// <summary>Validates and stores <paramref name="definition"/> as a new version, unless it equals the latest one.</summary>
    public async Task<DeployResult> DeployAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default)
    {
        DefinitionValidator.ThrowIfInvalid(definition);
        var content = definition with { Version = 0, CreatedAt = null };
        var hash = ContentHash(content);
        var warnings = await WarningsAsync(definition, cancellationToken);

        await using var transaction = await store.BeginAsync(cancellationToken);
        var head = await transaction.GetLatestDefinitionHeadAsync(definition.Id);
        if (head is { } latest && latest.ContentHash == hash)
        {
            return new DeployResult(await GetAsync(definition.Id, latest.Version, cancellationToken), Created: false, warnings);
        }

        var stored = content with { Version = (head?.Version ?? 0) + 1, CreatedAt = time.UtcNowMillis() };
        await transaction.InsertDefinitionAsync(stored, hash);
        await transaction.CommitAsync();
        return new DeployResult(stored, Created: true, warnings);
    }

    /// <summary>A version of a definition, or its latest version when <paramref name="version"/> is null.</summary>
    public async Task<WorkflowDefinition> GetAsync(string id, int? version = null, CancellationToken cancellationToken = default)
    {
        if (version is { } v && _versions.TryGetValue((id, v), out var cached))
        {
            return cached;
        }

        var definition = await store.GetDefinitionAsync(id, version, cancellationToken);
        if (definition is null)
        {
            if (version is null || await store.GetDefinitionAsync(id, null, cancellationToken) is not { } latest)
            {
                throw WeftException.NotFound($"Definition '{id}' does not exist. Upload it first with POST /v1/definitions (or `weft deploy FILE`).");
            }

            throw WeftException.NotFound($"Definition '{id}' has no version {version}; its latest version is {latest.Version}.");
        }

        _versions.TryAdd((id, definition.Version), definition);
        return definition;
    }

    public Task<PagedResult<WorkflowDefinition>> ListAsync(string? keyword, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        Paging.Validate(page, pageSize);
        return store.ListDefinitionsAsync(keyword, page, pageSize, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> WarningsAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var jobTypes = definition.Steps.Where(s => s.Type == StepTypes.ServiceTask).Select(s => s.EffectiveJobType).ToHashSet(StringComparer.Ordinal);
        if (jobTypes.Count == 0)
        {
            return [];
        }

        return DefinitionWarnings.For(definition, await store.FindCatalogTasksAsync(jobTypes, cancellationToken));
    }

    private static string ContentHash(WorkflowDefinition content)
    {
        var json = JsonSerializer.Serialize(content, DefinitionJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
