<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cs_CZ">
<context>
    <name>MainWindow</name>
    <message>
        <source>QualDesk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QualificationRequest</name>
    <message>
        <source>Choose the education segment: K-12 or higher education.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a web address such as school.edu or https://school.edu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of your GCC validation codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation code is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The qualification &quot;%1&quot; cannot be set. Choose Education, Government Community Cloud (GCC) or State-owned entity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a qualification.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown qualification &quot;%1&quot;. Choose Education, Government Community Cloud (GCC) or State-owned entity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid tenant ID. Enter a GUID in the form 00000000-0000-0000-0000-000000000000.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Qualifications</name>
    <message>
        <source>No qualification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Education</source>
        <comment>qualification</comment>
        <translation>Vzdělávání</translation>
    </message>
    <message>
        <source>Nonprofit</source>
        <comment>qualification</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Government Community Cloud (GCC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State-owned entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K-12 schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Higher education</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not vetted</source>
        <comment>vetting status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In review</source>
        <comment>vetting status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <comment>vetting status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied</source>
        <comment>vetting status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown status (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
