namespace D8.Distributed.Core;

/// <summary>A slave before and after an update of the registry.</summary>
/// <param name="Before">The slave as the update found it.</param>
/// <param name="After">The slave as the registry holds it after the update.</param>
public sealed record SlaveChange(SlaveInfo Before, SlaveInfo After);
