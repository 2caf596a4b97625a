package fr.datagrandest.plugin.catalog.core.csw;

import static fr.datagrandest.plugin.catalog.core.csw.RecordXml.escape;

import fr.datagrandest.plugin.catalog.core.CatalogConfiguration;

/** The CSW 2.0.2 capabilities document: what the service is and which operations, parameters and filters it takes. */
final class Capabilities {

    private Capabilities() {
    }

    static String write(String url, CatalogConfiguration config) {
        String href = escape(url);
        StringBuilder b = new StringBuilder(8192);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<csw:Capabilities xmlns:csw=\"http://www.opengis.net/cat/csw/2.0.2\"")
                .append(" xmlns:ows=\"http://www.opengis.net/ows\" xmlns:ogc=\"http://www.opengis.net/ogc\"")
                .append(" xmlns:gml=\"http://www.opengis.net/gml\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"2.0.2\">")
                .append("<ows:ServiceIdentification><ows:Title>").append(escape(config.title())).append("</ows:Title>")
                .append("<ows:Abstract>Catalogue des données et services géographiques du Grand Est</ows:Abstract>")
                .append("<ows:Keywords><ows:Keyword>catalogue</ows:Keyword><ows:Keyword>Grand Est</ows:Keyword></ows:Keywords>")
                .append("<ows:ServiceType>CSW</ows:ServiceType><ows:ServiceTypeVersion>2.0.2</ows:ServiceTypeVersion>")
                .append("<ows:Fees>none</ows:Fees><ows:AccessConstraints>none</ows:AccessConstraints></ows:ServiceIdentification>")
                .append("<ows:ServiceProvider><ows:ProviderName>").append(escape(config.provider())).append("</ows:ProviderName>")
                .append("<ows:ServiceContact><ows:IndividualName/><ows:PositionName/></ows:ServiceContact></ows:ServiceProvider>")
                .append("<ows:OperationsMetadata>");
        operation(b, href, "GetCapabilities", "<ows:Parameter name=\"sections\"><ows:Value>ServiceIdentification</ows:Value>"
                + "<ows:Value>ServiceProvider</ows:Value><ows:Value>OperationsMetadata</ows:Value><ows:Value>Filter_Capabilities</ows:Value></ows:Parameter>");
        operation(b, href, "DescribeRecord", "<ows:Parameter name=\"typeName\"><ows:Value>csw:Record</ows:Value><ows:Value>gmd:MD_Metadata</ows:Value></ows:Parameter>"
                + "<ows:Parameter name=\"outputFormat\"><ows:Value>application/xml</ows:Value></ows:Parameter>"
                + "<ows:Parameter name=\"schemaLanguage\"><ows:Value>http://www.w3.org/XML/Schema</ows:Value></ows:Parameter>");
        String schemas = "<ows:Parameter name=\"outputSchema\"><ows:Value>http://www.opengis.net/cat/csw/2.0.2</ows:Value>"
                + "<ows:Value>http://www.isotc211.org/2005/gmd</ows:Value><ows:Value>http://www.w3.org/ns/dcat#</ows:Value></ows:Parameter>"
                + "<ows:Parameter name=\"outputFormat\"><ows:Value>application/xml</ows:Value></ows:Parameter>"
                + "<ows:Parameter name=\"ElementSetName\"><ows:Value>brief</ows:Value><ows:Value>summary</ows:Value><ows:Value>full</ows:Value></ows:Parameter>";
        operation(b, href, "GetRecords", "<ows:Parameter name=\"typeNames\"><ows:Value>csw:Record</ows:Value><ows:Value>gmd:MD_Metadata</ows:Value></ows:Parameter>"
                + schemas
                + "<ows:Parameter name=\"resultType\"><ows:Value>hits</ows:Value><ows:Value>results</ows:Value><ows:Value>validate</ows:Value></ows:Parameter>"
                + "<ows:Parameter name=\"CONSTRAINTLANGUAGE\"><ows:Value>FILTER</ows:Value><ows:Value>CQL_TEXT</ows:Value></ows:Parameter>"
                + "<ows:Constraint name=\"SupportedDublinCoreQueryables\"><ows:Value>csw:AnyText</ows:Value><ows:Value>dc:title</ows:Value>"
                + "<ows:Value>dc:subject</ows:Value><ows:Value>dct:abstract</ows:Value><ows:Value>dc:identifier</ows:Value><ows:Value>dc:type</ows:Value>"
                + "<ows:Value>dc:format</ows:Value><ows:Value>dct:modified</ows:Value><ows:Value>ows:BoundingBox</ows:Value></ows:Constraint>");
        operation(b, href, "GetRecordById", schemas);
        operation(b, href, "Transaction", "<ows:Parameter name=\"TransactionSchemas\"><ows:Value>http://www.isotc211.org/2005/gmd</ows:Value>"
                + "<ows:Value>http://www.opengis.net/cat/csw/2.0.2</ows:Value><ows:Value>http://www.w3.org/ns/dcat#</ows:Value></ows:Parameter>");
        b.append("<ows:Parameter name=\"service\"><ows:Value>CSW</ows:Value></ows:Parameter>")
                .append("<ows:Parameter name=\"version\"><ows:Value>2.0.2</ows:Value></ows:Parameter>")
                .append("<ows:Constraint name=\"MaxRecordDefault\"><ows:Value>10</ows:Value></ows:Constraint>")
                .append("</ows:OperationsMetadata>")
                .append("<ogc:Filter_Capabilities><ogc:Spatial_Capabilities><ogc:GeometryOperands>")
                .append("<ogc:GeometryOperand>gml:Envelope</ogc:GeometryOperand></ogc:GeometryOperands><ogc:SpatialOperators>")
                .append("<ogc:SpatialOperator name=\"BBOX\"/><ogc:SpatialOperator name=\"Intersects\"/><ogc:SpatialOperator name=\"Within\"/>")
                .append("</ogc:SpatialOperators></ogc:Spatial_Capabilities><ogc:Scalar_Capabilities><ogc:LogicalOperators/>")
                .append("<ogc:ComparisonOperators><ogc:ComparisonOperator>EqualTo</ogc:ComparisonOperator>")
                .append("<ogc:ComparisonOperator>Like</ogc:ComparisonOperator><ogc:ComparisonOperator>NotEqualTo</ogc:ComparisonOperator>")
                .append("<ogc:ComparisonOperator>GreaterThan</ogc:ComparisonOperator><ogc:ComparisonOperator>GreaterThanEqualTo</ogc:ComparisonOperator>")
                .append("<ogc:ComparisonOperator>LessThan</ogc:ComparisonOperator><ogc:ComparisonOperator>LessThanEqualTo</ogc:ComparisonOperator>")
                .append("</ogc:ComparisonOperators></ogc:Scalar_Capabilities><ogc:Id_Capabilities><ogc:EID/><ogc:FID/></ogc:Id_Capabilities>")
                .append("</ogc:Filter_Capabilities></csw:Capabilities>");
        return b.toString();
    }

    private static void operation(StringBuilder b, String href, String name, String parameters) {
        b.append("<ows:Operation name=\"").append(name).append("\"><ows:DCP><ows:HTTP><ows:Get xlink:href=\"").append(href)
                .append("\"/><ows:Post xlink:href=\"").append(href).append("\"/></ows:HTTP></ows:DCP>").append(parameters)
                .append("</ows:Operation>");
    }
}
