using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace D8.Distributed.Cli.Internal;

/// <summary>The services of a one-shot verb: the master's registry, monitor and dispatcher, and the human requests.</summary>
internal static class MasterServices
{
    /// <summary>
    /// Stands in for the slave token in verbs that never send a task (registry edits, health checks, human requests):
    /// health and version need no token, and asking the operator for one to list the registry would only get in the way.
    /// </summary>
    private const string NotNeededToken = "not-needed-by-this-verb";

    public static void Add(IHostApplicationBuilder builder, bool needsSlaveToken)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The D8:Master and D8:HumanRequests sections of the host's configuration, strictly bound as in `run`. Tasks
        // stay in this process's memory: a CLI never shares the running master's task store (tasks.db).
        builder.Services.AddD8Master().UseInMemoryTaskStore();
        if (!needsSlaveToken)
        {
            builder.Services.PostConfigure<D8MasterOptions>(options => options.Token ??= NotNeededToken);
        }

        builder.Services.AddD8HumanRequests();
    }
}
