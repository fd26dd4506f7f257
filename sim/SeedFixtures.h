#pragma once

#include <QString>

// Named fixtures of the built-in seed (resources/demo/seed.json, which marks each with "fixture").
// Stable across sessions: tests may rely on them. Keep both files in step.
// QString constants, so tests can use them directly (QCOMPARE, URLs, argument lists).

namespace qd::sim::fixtures {

inline const QString kPartnerTenantId = QStringLiteral("566bf9d7-c55a-45f8-91a6-e55e9b9b1325");
inline const QString kPartnerName = QStringLiteral("Contoso Partner s.r.o.");
inline const QString kDefaultUpn = QStringLiteral("anna.novak@contoso-partner.example");
inline const QString kDefaultUserName = QStringLiteral("Anna Nováková");
inline const QString kSecondUpn = QStringLiteral("petr.svoboda@contoso-partner.example");

// No qualification at all (GET qualifications answers []). Three, so tests need not share one.
inline const QString kCustomerNoQualification =
    QStringLiteral("b37523a5-3b4a-4ee2-8463-513755ac0ecd"); // Základní škola Brno, Husova
inline const QString kCustomerNoQualification2 =
    QStringLiteral("683447c1-0cc8-4f11-9d4e-abbd1fcfb980"); // Brno City Municipality
inline const QString kCustomerNoQualification3 =
    QStringLiteral("d330a549-4d14-4f1a-8cc3-46363c234038"); // Brno Regional Hospital
inline const QString kCustomerNoQualificationName = QStringLiteral("Základní škola Brno, Husova");
inline const QString kCustomerNoQualificationDomain = QStringLiteral("zs-husova-brno.onmicrosoft.com");

// Education Approved, 3 fraction digits + Z.
inline const QString kCustomerEducationApproved =
    QStringLiteral("5d96cf7f-265b-4da9-8f0c-26ef4243ed52"); // Masarykova univerzita Brno
inline const QString kCustomerEducationApprovedName = QStringLiteral("Masarykova univerzita Brno");
inline const QString kCustomerEducationApprovedDomain = QStringLiteral("muni-brno.onmicrosoft.com");
// Education InReview, 7 fraction digits + offset. Only settleVettingNow() moves it (to Approved).
inline const QString kCustomerEducationInReview =
    QStringLiteral("5e6a0a2e-dd70-434d-81d7-7cffb7decc0c"); // Vysoké učení technické v Brně
// Education Denied, vettingReason "Not an Education Customer", date under the misspelled key
// vettingCreatedDate.
inline const QString kCustomerEducationDenied =
    QStringLiteral("aed09b82-4ca8-4fc2-bfb6-37dd5bae2d26"); // Contoso Education
inline const QString kNotAnEducationCustomer = QStringLiteral("Not an Education Customer");
// GovernmentCommunityCloud Approved (7 digits + "+00:00") together with StateOwnedEntity.
inline const QString kCustomerGccApproved =
    QStringLiteral("9823beb1-e6ba-4ad7-8de4-5321ad915a36"); // Ministerstvo vnitra ČR
// GovernmentCommunityCloud InReview.
inline const QString kCustomerGccInReview =
    QStringLiteral("1ff13534-2e82-4ce1-958d-003d9a0b2361"); // Fabrikam Government
// StateOwnedEntity alone (no vetting fields).
inline const QString kCustomerSoe =
    QStringLiteral("00d9f4ad-53a2-42b6-b3f5-f28807f0cbd4"); // Státní tiskárna cenin
// StateOwnedEntity + Education Approved.
inline const QString kCustomerSoeAndEducation =
    QStringLiteral("d1784030-35c9-48c4-a68d-c8f46a423cf9"); // Národní technická knihovna
// Education with the unknown vettingStatus below (to exercise raw display).
inline const QString kCustomerUnknownStatus =
    QStringLiteral("fdfb462f-d6fa-48db-b82d-5644ef7d9967"); // Základní škola Ostrava, Komenského
inline const QString kUnknownVettingStatus = QStringLiteral("PendingDocuments");
// POSTing Education answers 400 with the bare JSON string body "Customer tagging denied.".
inline const QString kCustomerTaggingDenied =
    QStringLiteral("5f4e4581-5c00-43d2-968c-20053f91ed95"); // Litware Inc.
inline const QString kTaggingDeniedBody = QStringLiteral("Customer tagging denied.");
// No qualification; a newly created Education or GCC ends Denied after vetting.
inline const QString kCustomerVettingWillBeDenied =
    QStringLiteral("d2e06b36-b9ea-43d4-86f4-f14cc599fac7"); // Alpine Ski House

// A well-formed GUID that is no customer of the partner (404).
inline const QString kUnknownCustomer = QStringLiteral("0b1e5d3c-9f00-4a7e-8c11-000000000404");

// Search: CompanyName starts_with "Brno" (any case) matches exactly kBrnoPrefixCount customers.
inline const QString kBrnoPrefix = QStringLiteral("Brno");
inline constexpr int kBrnoPrefixCount = 4;
// Domain starts_with "zs-" matches exactly kZsDomainPrefixCount customers.
inline const QString kZsDomainPrefix = QStringLiteral("zs-");
inline constexpr int kZsDomainPrefixCount = 3;
// CompanyName starts_with "Základní" (diacritics) matches exactly kZakladniPrefixCount customers.
inline const QString kZakladniPrefix = QStringLiteral("Základní");
inline constexpr int kZakladniPrefixCount = 3;
// All customers; with the default page size 20 the list has two pages.
inline constexpr int kCustomerCount = 38;

// GCC validation codes (validationId is what a request sends as validationCode).
inline const QString kValidationCodeAvailable = QStringLiteral("582641"); // 4 of 5 uses left
inline const QString kValidationCodeLastUse =
    QStringLiteral("582650"); // 1 of 1 left: exhausted after one use
inline const QString kValidationCodeSpacious = QStringLiteral("609377");  // 50 of 50 left
inline const QString kValidationCodeExhausted = QStringLiteral("470113"); // 0 of 3 left
inline const QString kValidationCodeUnknown = QStringLiteral("999999");   // not one of the partner's codes
inline constexpr int kValidationCodeCount = 4;

} // namespace qd::sim::fixtures
