package fr.datagrandest.plugin.catalog.core;

import java.nio.charset.StandardCharsets;

/** Small ISO 19139 documents for tests. */
final class Iso {
    private Iso() {
    }

    static byte[] record(String id, String title, String abstractText, String org, String keyword, String date,
            double w, double s, double e, double n) {
        return record(id, title, abstractText, org, keyword, date, w, s, e, n, null);
    }

    /** The same with a licence written as producers do, in {@code otherConstraints} (null for none). */
    static byte[] record(String id, String title, String abstractText, String org, String keyword, String date,
            double w, double s, double e, double n, String licence) {
        String constraints = licence == null ? "" : "<gmd:resourceConstraints><gmd:MD_LegalConstraints><gmd:otherConstraints>"
                + "<gco:CharacterString>" + licence.replace("&", "&amp;").replace("<", "&lt;")
                + "</gco:CharacterString></gmd:otherConstraints></gmd:MD_LegalConstraints></gmd:resourceConstraints>";
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
                  <gmd:fileIdentifier><gco:CharacterString>%s</gco:CharacterString></gmd:fileIdentifier>
                  <gmd:language><gmd:LanguageCode codeList="x" codeListValue="fre">fre</gmd:LanguageCode></gmd:language>
                  <gmd:hierarchyLevel><gmd:MD_ScopeCode codeList="x" codeListValue="dataset">dataset</gmd:MD_ScopeCode></gmd:hierarchyLevel>
                  <gmd:dateStamp><gco:Date>%s</gco:Date></gmd:dateStamp>
                  <gmd:identificationInfo><gmd:MD_DataIdentification>
                    <gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>%s</gco:CharacterString></gmd:title>
                      <gmd:date><gmd:CI_Date><gmd:date><gco:Date>%s</gco:Date></gmd:date><gmd:dateType><gmd:CI_DateTypeCode codeList="x" codeListValue="publication"/></gmd:dateType></gmd:CI_Date></gmd:date>
                    </gmd:CI_Citation></gmd:citation>
                    <gmd:abstract><gco:CharacterString>%s</gco:CharacterString></gmd:abstract>
                    <gmd:pointOfContact><gmd:CI_ResponsibleParty><gmd:organisationName><gco:CharacterString>%s</gco:CharacterString></gmd:organisationName>
                      <gmd:role><gmd:CI_RoleCode codeList="x" codeListValue="pointOfContact"/></gmd:role></gmd:CI_ResponsibleParty></gmd:pointOfContact>
                    <gmd:descriptiveKeywords><gmd:MD_Keywords><gmd:keyword><gco:CharacterString>%s</gco:CharacterString></gmd:keyword></gmd:MD_Keywords></gmd:descriptiveKeywords>
                    <gmd:extent><gmd:EX_Extent><gmd:geographicElement><gmd:EX_GeographicBoundingBox>
                      <gmd:westBoundLongitude><gco:Decimal>%s</gco:Decimal></gmd:westBoundLongitude>
                      <gmd:eastBoundLongitude><gco:Decimal>%s</gco:Decimal></gmd:eastBoundLongitude>
                      <gmd:southBoundLatitude><gco:Decimal>%s</gco:Decimal></gmd:southBoundLatitude>
                      <gmd:northBoundLatitude><gco:Decimal>%s</gco:Decimal></gmd:northBoundLatitude>
                    </gmd:EX_GeographicBoundingBox></gmd:geographicElement></gmd:EX_Extent></gmd:extent>
                    %s
                  </gmd:MD_DataIdentification></gmd:identificationInfo>
                </gmd:MD_Metadata>
                """.formatted(id, date, title, date, abstractText, org, keyword, w, e, s, n, constraints)).getBytes(StandardCharsets.UTF_8);
    }
}
