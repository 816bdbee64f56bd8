/**
 * The Latchkey provider plugin SPI: the contract between the OAuth flow engine and small,
 * provider-specific plugins that work around quirks of real authorization servers.
 *
 * <p>Start with {@link dev.latchkey.spi.ProviderPluginFactory} (discovered through
 * {@link java.util.ServiceLoader}) and {@link dev.latchkey.spi.ProviderPlugin} (the hooks). Every
 * other type is an immutable value record that a hook receives and returns. The package depends on
 * nothing but the JDK.
 *
 * <p>Conventions that hold for every type here:
 * <ul>
 *   <li>No method accepts or returns {@code null}; {@link java.util.Optional} marks what may be
 *       absent, and an empty list means "none".</li>
 *   <li>Records copy their lists and maps defensively and validate in their compact
 *       constructors, throwing {@link java.lang.IllegalArgumentException} (or
 *       {@link java.lang.NullPointerException} for a null) with a message that names the field but
 *       never echoes a secret value.</li>
 *   <li>Changes are made with {@code withX(...)} methods that return a new record.</li>
 *   <li>Any deviation from a MUST of the MCP authorization specification is expressed as a
 *       {@link dev.latchkey.spi.Relaxation} carried by the returned record, which the engine
 *       writes to the audit log.</li>
 * </ul>
 */
package dev.latchkey.spi;
