import { JY_NS, SOAP_ACTION_BASE } from "../soap";

/** Element lists of each operation's request and response (all xs:string; dates yyyyMMdd, times yyyyMMddHHmmss). */
const CASE = ["Bjbh", "Sxbm", "Ywlsh", "Bjzt", "Slsj", "Bjsj", "Bz"];
const PERSON = ["Sfzh", "Cxjg", "Jyzt", "Dwxydm", "Djrq", "Djdq", "Jycyzbh", "Jykn", "Gxbys", "Djlsh", "Sydjzzrq"];
const OPERATIONS: Record<string, { request: string[]; repeated?: string }> = {
  QueryPersons: { request: [], repeated: "Sfzh" },
  RegisterEmployment: { request: ["Ywlsh", "Sfzh", "Dwxydm", "Jyrq", "Djdq"] },
  RegisterUnemployment: { request: ["Ywlsh", "Sfzh", "Sydjrq", "Djdq"] },
  IssueEmploymentCard: { request: ["Ywlsh", "Sfzh"] },
  AcceptGraduate: { request: ["Ywlsh", "Sfzh", "Dwxydm", "Bdrq"] },
  AcceptCase: { request: ["Ywlsh", "Sxbm", "Sfzh", "Dwxydm", "Nr"] },
  QueryCase: { request: ["Ywlsh"] },
};

const seq = (names: string[]) => names.map((n) => `<xs:element name="${n}" type="xs:string" minOccurs="0"/>`).join("");

/** The service description, so a SOAP toolkit can generate a client against the stand-in as against the real system. */
export function wsdl(location: string): string {
  const escapedLocation = location.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const elements = Object.entries(OPERATIONS).map(([op, { request, repeated }]) => {
    const req = repeated ? `<xs:element name="${repeated}" type="xs:string" maxOccurs="500"/>` : seq(request);
    const resp = op === "QueryPersons"
      ? `<xs:element name="Ryxx" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>${seq(PERSON)}</xs:sequence></xs:complexType></xs:element>`
      : `<xs:element name="Bjxx"><xs:complexType><xs:sequence>${seq(CASE)}</xs:sequence></xs:complexType></xs:element>`;
    return `<xs:element name="${op}"><xs:complexType><xs:sequence>${req}</xs:sequence></xs:complexType></xs:element>` +
      `<xs:element name="${op}Response"><xs:complexType><xs:sequence>${resp}</xs:sequence></xs:complexType></xs:element>`;
  }).join("");
  const messages = Object.keys(OPERATIONS).map((op) =>
    `<wsdl:message name="${op}In"><wsdl:part name="parameters" element="jy:${op}"/></wsdl:message>` +
    `<wsdl:message name="${op}Out"><wsdl:part name="parameters" element="jy:${op}Response"/></wsdl:message>`).join("");
  const portOps = Object.keys(OPERATIONS).map((op) =>
    `<wsdl:operation name="${op}"><wsdl:input message="jy:${op}In"/><wsdl:output message="jy:${op}Out"/></wsdl:operation>`).join("");
  const bindingOps = Object.keys(OPERATIONS).map((op) =>
    `<wsdl:operation name="${op}"><soap:operation soapAction="${SOAP_ACTION_BASE}${op}" style="document"/>` +
    `<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`).join("");
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:jy="${JY_NS}" targetNamespace="${JY_NS}" name="JyfwService">
<wsdl:types><xs:schema targetNamespace="${JY_NS}" elementFormDefault="qualified">${elements}</xs:schema></wsdl:types>
${messages}
<wsdl:portType name="JyfwPortType">${portOps}</wsdl:portType>
<wsdl:binding name="JyfwBinding" type="jy:JyfwPortType"><soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>${bindingOps}</wsdl:binding>
<wsdl:service name="JyfwService"><wsdl:port name="JyfwPort" binding="jy:JyfwBinding"><soap:address location="${escapedLocation}"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`;
}
