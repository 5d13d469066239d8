using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>Source-generated validation of the data annotations on <see cref="D8SlaveOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class D8SlaveOptionsValidator : IValidateOptions<D8SlaveOptions>;
