/// Which Unicode scalars ibkey never shows raw (Docs/VAULT.md, "Directory"):
/// controls, format characters (bidi overrides, zero-width spaces, the BOM)
/// and line and paragraph separators — categories Cc, Cf, Zl and Zp. Any of
/// them would let text from outside rewrite the terminal or disguise itself.
public enum UnicodeClass {
    /// Whether `u` is of category Cc, Cf, Zl or Zp.
    /// - Parameter u: one Unicode scalar.
    /// - Returns: true for a control, format, line- or paragraph-separator character.
    public static func isControlOrFormat(_ u: Unicode.Scalar) -> Bool {
        if u.isASCII { return u.value < 0x20 || u.value == 0x7F } // ASCII has no Cf, Zl or Zp
        switch u.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
