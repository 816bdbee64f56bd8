package dev.latchkey.console;

/** The shape of an operator's name: short, printable, no spaces. */
public final class OperatorName {

    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._@-]{0,99}";
    private static final java.util.regex.Pattern COMPILED = java.util.regex.Pattern.compile(PATTERN);

    private OperatorName() {
    }

    public static boolean isValid(String name) {
        return name != null && COMPILED.matcher(name).matches();
    }

    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(
                    "an operator name is 1-100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return name;
    }
}
