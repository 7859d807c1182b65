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

    /// Whether `u` prints as nothing, so that a name holding it would look like
    /// one without it: Unicode's default-ignorable code points (U+034F,
    /// variation selectors, U+17B4, the Cf characters again…), the Hangul
    /// fillers (U+115F, U+1160, U+3164, U+FFA0) and the blank braille pattern
    /// (U+2800), which fonts draw empty.
    /// - Parameter u: one Unicode scalar.
    /// - Returns: true for a scalar that shows no glyph.
    public static func isInvisible(_ u: Unicode.Scalar) -> Bool {
        if u.isASCII { return false }
        switch u.value {
        case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800: return true
        default: return u.properties.isDefaultIgnorableCodePoint
        }
    }
}
