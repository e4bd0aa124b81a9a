package dev.cutover.migrations.seed.internal;

import java.util.List;

/** Word lists the seeded users are made of: common given names and surnames, and domains reserved for examples. */
final class Names {

    static final List<String> GIVEN = List.of(
            "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
            "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily",
            "Paul", "Michelle", "Andrew", "Amanda", "Joshua", "Melissa", "Kevin", "Stephanie", "Brian", "Rebecca",
            "Sofia", "Mateo", "Chloé", "Lukas", "Aiko", "Hiroshi", "Priya", "Arjun", "Fatima", "Omar",
            "Ingrid", "Lars", "Zoë", "Noah", "Amara", "Kwame", "Elena", "Luca", "Mei", "Wei");

    static final List<String> FAMILY = List.of(
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
            "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
            "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
            "O'Brien", "Müller", "Schmidt", "Rossi", "Dubois", "Nakamura", "Tanaka", "Kim", "Nguyen", "Patel",
            "Singh", "Kowalski", "Novak", "Jensen", "Larsen", "Silva", "Santos", "Okafor", "Mensah", "Smith-Jones");

    /** Only domains reserved for documentation (RFC 2606), so a seeded address never reaches a real mailbox. */
    static final List<String> DOMAINS = List.of(
            "example.com", "example.org", "example.net", "mail.example.com", "users.example.org", "corp.example.net");

    private Names() {
    }
}
