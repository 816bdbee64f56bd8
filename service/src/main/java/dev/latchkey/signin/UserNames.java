package dev.latchkey.signin;

import java.util.regex.Pattern;

/** What a Latchkey subject taken from sign-in may be: 1 to 200 characters, none of them a control character. */
final class UserNames {

    static final int MAX_LENGTH = 200;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private UserNames() {
    }

    static boolean isValid(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_LENGTH && !CONTROL.matcher(name).find();
    }
}
