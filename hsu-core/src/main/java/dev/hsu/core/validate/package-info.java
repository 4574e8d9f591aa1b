/**
 * Configuration checks of units: {@link dev.hsu.core.validate.UnitValidator} returns
 * {@link dev.hsu.core.validate.Problem}s naming the unit, the YAML field and the fix.
 */
package dev.hsu.core.validate;
