using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>Source-generated data-annotation validation of <see cref="D8MasterOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class D8MasterOptionsValidator : IValidateOptions<D8MasterOptions>;
