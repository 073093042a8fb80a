package com.carerelay.directory.certificate;

import java.util.regex.Pattern;

/** The format of a DIRECT address: an e-mail address (local part @ a domain with at least two labels). */
public final class DirectAddress {

    private static final Pattern FORMAT = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private DirectAddress() {
    }

    public static boolean isValid(String address) {
        return address != null && address.length() <= 254 && address.indexOf('@') <= 64 && FORMAT.matcher(address).matches();
    }
}
